namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// How much the device keeps on its internal flash drive I: — the one place these sizes are set. The device adapters
    /// size their files from these constants, and the host's flash budget test adds them up against every board's partition
    /// table (boards/*.json, firmware.partitionTable.internalDrive), so a bigger outbox or slot cannot ship on a board
    /// whose I: it does not fit.
    /// </summary>
    public static class DeviceStorage
    {
        /// <summary>Application slots on I: (I:\app\a, I:\app\b): the running image and the one an OTA downloads into.</summary>
        public const int ApplicationSlots = 2;

        /// <summary>Room per slot. The application .pe is about 150 KB; the rest is headroom for later versions.</summary>
        public const int SlotCapacityBytes = 384 * 1024;

        /// <summary>
        /// Readings the outbox holds (each one <see cref="Outbox.ReadingOutbox.SlotSize"/> bytes). At the default sampling
        /// interval of 5 s this covers 1024 × 5 s = 85 min without a broker before the oldest reading is overwritten.
        /// </summary>
        public const int OutboxRecords = 1024;

        /// <summary>
        /// The outbox region is split into files of this size, each within one 4 KB LittleFS block (block size less 8 bytes
        /// of skip-list pointers), so flushing one reading rewrites one block instead of the rest of a 104 KB file.
        /// </summary>
        public const int OutboxSegmentBytes = 4000;

        /// <summary>Upper bound of I:\data\settings.txt (the settings document's buffer; it is replaced via .new/.old copies).</summary>
        public const int SettingsMaxBytes = 2048;

        /// <summary>Upper bound of one identity file (PEM certificate, CA or key; the short text files are far smaller).</summary>
        public const int IdentityFileMaxBytes = 4096;
    }
}
