using System;
using System.Diagnostics;
using System.Reflection;
using System.Threading;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Device.App.Adapters;
using Methane.Firmware.Device.App.Ota;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Device.Boot;
using nanoFramework.Runtime.Native;

namespace Methane.Firmware.Device.Loader
{
    /// <summary>
    /// The resident loader: the only application code nanoff writes to the deployment region. It lets the core's
    /// <see cref="OtaStateMachine"/> choose the slot (counting trial boots and rolling back after 3 unconfirmed ones), loads
    /// that slot's app.pe with Assembly.Load(byte[]) and calls Methane.Firmware.Device.App.AppEntry.Run(int slot). Versions
    /// are swapped by reboot: nanoFramework cannot unload an assembly, so a new version only ever starts in a fresh boot.
    /// </summary>
    public static class Program
    {
        private const string EntryType = "Methane.Firmware.Device.App.AppEntry";
        private const string EntryMethod = "Run";

        public static void Main()
        {
            int slot = 0;
            int active = 0;
            try
            {
                OtaStateMachine ota = new OtaStateMachine(new FileOtaStateStore(), new SlotImageStore(SlotImageStore.DefaultCapacity), new DeviceClock());
                ota.Load();
                slot = ota.SelectBootSlot();
                active = ota.ActiveSlot;
                Debug.WriteLine("LOADER slot=" + DevicePaths.SlotName(slot) + " active=" + DevicePaths.SlotName(active)
                    + " ota-state=" + ((int)ota.State).ToString() + " boots=" + ota.BootCount.ToString());
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LOADER OTA state unreadable, starting slot a: " + ex.Message);
            }

            MethodInfo entry = LoadSlot(slot);
            if (entry == null)
            {
                if (slot != active)
                {
                    // A trial image that does not load: every reboot counts, the state machine rolls back after the last one.
                    Debug.WriteLine("LOADER trial slot " + DevicePaths.SlotName(slot) + " unusable: rebooting");
                    Thread.Sleep(1000);
                    Power.RebootDevice();
                }

                // No runnable application at all: wait for a technician (nanoff --filedeployment), retry now and then.
                Debug.WriteLine("LOADER NO APPLICATION in slot " + DevicePaths.SlotName(slot) + ": deploy one (README 'First flash'); retrying in 60 s");
                Thread.Sleep(60000);
                Power.RebootDevice();
            }

            try
            {
                entry.Invoke(null, new object[] { slot });
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LOADER application stopped with " + ex.Message + ": rebooting");
            }

            Thread.Sleep(1000);
            Power.RebootDevice();
        }

        private static MethodInfo LoadSlot(int slot)
        {
            try
            {
                byte[] pe = FlashFile.ReadAll(DevicePaths.SlotImage(slot));
                if (pe == null)
                {
                    Debug.WriteLine("LOADER slot " + DevicePaths.SlotName(slot) + " has no " + DevicePaths.ImageFileName);
                    return null;
                }

                Assembly app = Assembly.Load(pe);
                Type type = app.GetType(EntryType);
                if (type == null)
                {
                    Debug.WriteLine("LOADER slot " + DevicePaths.SlotName(slot) + " has no " + EntryType);
                    return null;
                }

                return type.GetMethod(EntryMethod);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LOADER slot " + DevicePaths.SlotName(slot) + " failed to load: " + ex.Message);
                return null;
            }
        }
    }
}
