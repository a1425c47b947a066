using System;
using System.IO;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>The device's data folder I:\data (settings, outbox, jobs record, OTA record).</summary>
    public static class DataStore
    {
        /// <summary>
        /// Factory reset: erases settings, outbox and the jobs record. The OTA record stays: it says which slot holds the
        /// confirmed application, and without it the loader would fall back to slot a, which may hold an older image.
        /// </summary>
        public static void EraseAll()
        {
            if (!Directory.Exists(DevicePaths.DataDir))
            {
                return;
            }

            string[] files = Directory.GetFiles(DevicePaths.DataDir);
            for (int i = 0; i < files.Length; i++)
            {
                if (files[i].IndexOf(DevicePaths.OtaStateBase) == 0)
                {
                    continue;
                }

                try
                {
                    File.Delete(files[i]);
                }
                catch (Exception)
                {
                    // a file still open (the outbox) is rewritten at the next boot's recovery anyway
                }
            }
        }
    }
}
