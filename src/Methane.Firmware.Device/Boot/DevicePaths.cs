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
        public const string AppRoot = "I:\\app";
        public const string IdentityDir = "I:\\id";
        public const string DataDir = "I:\\data";

        /// <summary>
        /// The application image of a slot (Methane.Firmware.Core.Ota.ApplicationImage: the core's and the application's
        /// .pe files behind a small header); an OTA job downloads exactly this file.
        /// </summary>
        public const string ImageFileName = "app.img";

        /// <summary>Present once the core verified size and SHA-256 of the slot's image (the commit marker).</summary>
        public const string CommitFileName = "commit";

        /// <summary>Slot index of the core's OTA state machine (0, 1) to folder name ("a", "b").</summary>
        public static string SlotName(int slot)
        {
            return slot == 0 ? "a" : "b";
        }

        /// <summary>Folder of a slot, with a trailing backslash.</summary>
        public static string SlotDir(int slot)
        {
            return AppRoot + "\\" + SlotName(slot) + "\\";
        }

        public static string SlotImage(int slot)
        {
            return SlotDir(slot) + ImageFileName;
        }

        public static string SlotCommit(int slot)
        {
            return SlotDir(slot) + CommitFileName;
        }

        /// <summary>The two copies of the OTA state record (IOtaStateStore).</summary>
        public const string OtaStateBase = DataDir + "\\ota";

        /// <summary>The two copies of the jobs client's record (IJobStateStore).</summary>
        public const string JobStateBase = DataDir + "\\job";

        /// <summary>
        /// The outbox ring and the seq reservation (IOutboxStorage) as one-block segment files outbox.00, outbox.01, …
        /// (SegmentedRegionFile).
        /// </summary>
        public const string OutboxBase = DataDir + "\\outbox";

        /// <summary>The single-file outbox of firmware 1.0.0 (rewrote up to 26 blocks per reading); deleted at start.</summary>
        public const string LegacyOutboxFile = DataDir + "\\outbox.bin";

        /// <summary>Settings changed by the console or the shadow ("name=value" lines).</summary>
        public const string SettingsFile = DataDir + "\\settings.txt";
    }
}
