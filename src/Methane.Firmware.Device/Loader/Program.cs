using System;
using System.IO;
using System.Reflection;
using System.Threading;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Device.App.Adapters;
using Methane.Firmware.Device.App.Board;
using Methane.Firmware.Device.App.Ota;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Device.Boot;
using nanoFramework.Runtime.Native;

namespace Methane.Firmware.Device.Loader
{
    /// <summary>
    /// The resident loader: the only application code nanoff writes to the deployment region. It lets the core's
    /// <see cref="OtaStateMachine"/> choose the slot (counting trial boots and rolling back after 3 unconfirmed ones), loads
    /// the assemblies of that slot's application image (<see cref="ApplicationImage"/>: the core, then the application) with
    /// Assembly.Load(byte[]) and calls Methane.Firmware.Device.App.AppEntry.Run(int slot). Versions
    /// are swapped by reboot: nanoFramework cannot unload an assembly, so a new version only ever starts in a fresh boot.
    /// Every decision is reported on the console UART (<see cref="BootReport"/>), so a Release build shows why a board
    /// does not start.
    /// </summary>
    public static class Program
    {
        private const string EntryType = "Methane.Firmware.Device.App.AppEntry";
        private const string EntryMethod = "Run";

        /// <summary>Assembly.Load keeps the whole image in the managed heap: leave this much free beside it for the app's start.</summary>
        private const int HeapReserveBytes = 64 * 1024;

        /// <summary>Pause between closing the image file on I: and Assembly.Load (loading right after the read can fail on ESP32).</summary>
        private const int SettleAfterReadMs = 500;

        private const int NoApplicationRetryMs = 60000;

        public static void Main()
        {
            BootReport report = new BootReport();
            report.Line("board=" + BoardPins.BoardName + " target=" + BoardPins.NanoffTarget);
            int slot = 0;
            int active = 0;
            try
            {
                OtaStateMachine ota = new OtaStateMachine(new FileOtaStateStore(), new SlotImageStore(SlotImageStore.DefaultCapacity), new DeviceClock());
                ota.Load();
                slot = ota.SelectBootSlot();
                active = ota.ActiveSlot;
                report.Line("slot=" + DevicePaths.SlotName(slot) + " active=" + DevicePaths.SlotName(active)
                    + " ota-state=" + ((int)ota.State).ToString() + " boots=" + ota.BootCount.ToString());
                if (ota.State == OtaState.RolledBack)
                {
                    report.Status(StatusCodes.RolledBack, "to slot " + DevicePaths.SlotName(active) + " (OTA error " + ((int)ota.Error).ToString() + ")");
                }
            }
            catch (Exception ex)
            {
                report.Line("OTA state unreadable, starting slot a: " + ex.Message);
            }

            int failure;
            MethodInfo entry = LoadSlot(slot, report, out failure);
            if (entry == null)
            {
                if (slot != active)
                {
                    // A trial image that does not load: this boot counts, the state machine rolls back after the last one.
                    report.Status(StatusCodes.BadImage, "trial slot " + DevicePaths.SlotName(slot) + ": rebooting, the previous version returns after 3 tries");
                    report.Dispose();
                    Thread.Sleep(1000);
                    Power.RebootDevice();
                }

                // Nothing runnable: stay quiet on the wire protocol (nanoff can deploy now), show the code, retry later.
                report.Status(failure, "slot " + DevicePaths.SlotName(slot) + ": deploy the application (README 'First flash', step 3); retrying in 60 s");
                report.Dispose();
                BootReport.BlinkFor(BoardPins.StatusLed, BoardPins.StatusLedActiveHigh, failure, NoApplicationRetryMs);
                Power.RebootDevice();
            }

            report.Line("starting slot " + DevicePaths.SlotName(slot));
            report.Dispose(); // the application opens the console port itself
            try
            {
                entry.Invoke(null, new object[] { slot });
            }
            catch (Exception ex)
            {
                using (BootReport after = new BootReport())
                {
                    after.Line("application stopped with " + ex.Message + ": rebooting");
                }
            }

            Thread.Sleep(1000);
            Power.RebootDevice();
        }

        /// <summary>The entry method of the slot's image, or null with <paramref name="failure"/> set to a <see cref="StatusCodes"/> value.</summary>
        private static MethodInfo LoadSlot(int slot, BootReport report, out int failure)
        {
            failure = StatusCodes.NoApplication;
            string path = DevicePaths.SlotImage(slot);
            string name = DevicePaths.SlotName(slot);
            try
            {
                long size = ImageSize(path);
                if (size <= 0)
                {
                    report.Line("slot " + name + " has no " + DevicePaths.ImageFileName);
                    return null;
                }

                failure = StatusCodes.BadImage;
                // A collection without compaction: compacting with large arrays alive crashed the conformance lane's nanoCLR.
                uint free = nanoFramework.Runtime.Native.GC.Run(false);
                report.Line("slot " + name + " image " + size.ToString() + " B, heap free " + free.ToString() + " B");
                if (size + HeapReserveBytes > free)
                {
                    report.Line("image does not fit in RAM beside a " + (HeapReserveBytes / 1024).ToString() + " KB reserve: not loading it");
                    return null;
                }

                byte[][] assemblies = SlotImageFile.ReadAssemblies(path, size, report, name); // the file is closed when this returns
                if (assemblies == null)
                {
                    return null;
                }

                Thread.Sleep(SettleAfterReadMs);
                Assembly app = null;
                for (int i = 0; i < assemblies.Length; i++)
                {
                    app = Assembly.Load(assemblies[i]); // in image order: the core before the application that references it
                    assemblies[i] = null;
                }

                Type type = app.GetType(EntryType);
                if (type == null)
                {
                    report.Line("slot " + name + " has no " + EntryType);
                    return null;
                }

                MethodInfo run = type.GetMethod(EntryMethod);
                if (run == null)
                {
                    report.Line("slot " + name + " has no " + EntryType + "." + EntryMethod);
                }

                return run;
            }
            catch (OutOfMemoryException)
            {
                report.Line("slot " + name + " out of memory while loading");
                return null;
            }
            catch (Exception ex)
            {
                report.Line("slot " + name + " failed to load: " + ex.GetType().Name + " " + ex.Message);
                return null;
            }
        }

        private static long ImageSize(string path)
        {
            FlashFile.Recover(path);
            if (!File.Exists(path))
            {
                return 0;
            }

            using (FileStream fs = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return fs.Length;
            }
        }
    }
}
