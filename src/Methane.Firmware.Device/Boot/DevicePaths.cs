namespace Methane.Firmware.Device.Boot
{
    /// <summary>
    /// File layout on the ESP32 internal flash drive ("I:", the SPIFFS/LittleFS partition nanoFramework mounts at boot).
    /// The deployment region written by nanoff holds only the resident loader and the libraries; everything that changes in
    /// the field (application slots, identity, config, outbox, OTA state) lives here.
    /// </summary>
    public static class DevicePaths
    {
        public const string Root = "I:\\";
        public const string BootFile = "I:\\boot.txt";
        public const string AppRoot = "I:\\app";
        public const string IdentityDir = "I:\\id";
        public const string DataDir = "I:\\data";

        /// <summary>Folder of a slot's .pe files, with a trailing backslash.</summary>
        public static string SlotDir(string slot)
        {
            return AppRoot + "\\" + slot + "\\";
        }

        /// <summary>Load order of a slot's assemblies, one file name per line ("name.pe size").</summary>
        public static string SlotManifest(string slot)
        {
            return SlotDir(slot) + "manifest.txt";
        }
    }
}
