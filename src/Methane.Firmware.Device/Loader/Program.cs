using System;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Threading;
using Methane.Firmware.Device.Boot;
using nanoFramework.Runtime.Native;

namespace Methane.Firmware.Device.Loader
{
    /// <summary>
    /// The resident loader: the only application code nanoff writes to the deployment region. It picks an application slot
    /// on the internal flash (<see cref="BootDecision"/>), counts the attempt before running it, loads the slot's .pe files
    /// with Assembly.Load(byte[]) and calls Methane.Firmware.Device.App.AppEntry.Run(slot). Versions are swapped by reboot:
    /// nanoFramework cannot unload an assembly, so a new version only ever starts in a fresh boot.
    /// </summary>
    public static class Program
    {
        private const string EntryType = "Methane.Firmware.Device.App.AppEntry";
        private const string EntryMethod = "Run";

        public static void Main()
        {
            BootState state;
            try
            {
                FlashFile.Recover(DevicePaths.BootFile);
                state = BootControl.Load();
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LOADER boot file unreadable, using slot a: " + ex.Message);
                state = new BootState();
            }

            string slot = BootDecision.ChooseSlot(state);
            Save(state);
            Debug.WriteLine("LOADER slot=" + slot + " active=" + state.Active + " pending=" + state.Pending + " attempts=" + state.Attempts.ToString() + " last=" + state.LastEvent);

            MethodInfo entry = LoadSlot(slot);
            if (entry == null)
            {
                BootDecision.LoadFailed(state, slot);
                Save(state);
                string fallback = state.Active;
                if (fallback != slot)
                {
                    Debug.WriteLine("LOADER slot " + slot + " unusable: rebooting into " + fallback);
                    Power.RebootDevice();
                }

                // No runnable application at all: wait for a technician (nanoff --filedeployment), retry now and then.
                Debug.WriteLine("LOADER NO APPLICATION in slot " + slot + ": deploy one (README 'First flash'); retrying in 60 s");
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

        private static MethodInfo LoadSlot(string slot)
        {
            try
            {
                byte[] manifest = FlashFile.ReadAll(DevicePaths.SlotManifest(slot));
                if (manifest == null)
                {
                    Debug.WriteLine("LOADER slot " + slot + " has no manifest");
                    return null;
                }

                string[] names = Encoding.UTF8.GetString(manifest, 0, manifest.Length).Split(new char[] { '\n' });
                Assembly app = null;
                for (int i = 0; i < names.Length; i++)
                {
                    string name = names[i].Trim();
                    if (name.Length == 0)
                    {
                        continue;
                    }

                    byte[] pe = FlashFile.ReadAll(DevicePaths.SlotDir(slot) + name);
                    if (pe == null)
                    {
                        Debug.WriteLine("LOADER slot " + slot + " is missing " + name);
                        return null;
                    }

                    Assembly loaded = Assembly.Load(pe);
                    if (loaded.GetType(EntryType) != null)
                    {
                        app = loaded;
                    }
                }

                if (app == null)
                {
                    Debug.WriteLine("LOADER slot " + slot + " has no " + EntryType);
                    return null;
                }

                return app.GetType(EntryType).GetMethod(EntryMethod);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LOADER slot " + slot + " failed to load: " + ex.Message);
                return null;
            }
        }

        private static void Save(BootState state)
        {
            try
            {
                BootControl.Save(state);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LOADER cannot write boot file: " + ex.Message);
            }
        }
    }
}
