using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Outbox;

namespace Methane.Firmware.Emulation.Boards;

/// <summary>One line of the internal-drive budget: what, how many 4 KB blocks, and why that many.</summary>
public sealed record FlashBudgetItem(string What, int Blocks, string Basis);

/// <summary>
/// Everything the firmware writes to the internal drive I: (LittleFS), in filesystem blocks, from the sizes the device code
/// uses (<see cref="DeviceStorage"/>, <see cref="ReadingOutbox"/>, <see cref="SequenceCounter"/>),
/// against a board's I: partition. LittleFS allocates whole blocks (the ESP32 flash sector, 4 KB), keeps every directory in
/// a metadata pair of two blocks, and writes a changed block as a copy before it frees the old one; it also slows down and
/// wears unevenly when nearly full. Hence a copy-on-write reserve and a free margin of 25 %.
/// </summary>
public sealed class FlashBudget
{
    public const int BlockBytes = 4096;
    public const double FreeMargin = 0.25;

    /// <summary>Directories: the root (superblock pair) plus I:\app, I:\app\a, I:\app\b, I:\id, I:\data.</summary>
    public const int Directories = 6;

    /// <summary>I:\id files: wifi_ssid, wifi_password, thing, site, broker, ca.pem, cert.pem, key.pem, complete.</summary>
    public const int IdentityFiles = 9;

    public FlashBudget(long driveBytes)
    {
        DriveBytes = driveBytes;
        int outboxBytes = ReadingOutbox.RegionBytesFor(DeviceStorage.OutboxRecords) + SequenceCounter.RegionBytes;
        int outboxSegments = (outboxBytes + DeviceStorage.OutboxSegmentBytes - 1) / DeviceStorage.OutboxSegmentBytes;
        Items =
        [
            new("directories (metadata pairs)", Directories * 2, $"{Directories} directories × 2 blocks"),
            new("application slots", DeviceStorage.ApplicationSlots * Blocks(DeviceStorage.SlotCapacityBytes) + DeviceStorage.ApplicationSlots,
                $"{DeviceStorage.ApplicationSlots} × {DeviceStorage.SlotCapacityBytes / 1024} KB app.img + commit marker"),
            new("outbox segments outbox.NN", outboxSegments,
                $"{DeviceStorage.OutboxRecords} records × {ReadingOutbox.SlotSize} B + {ReadingOutbox.HeaderSize} B header + {SequenceCounter.RegionBytes} B seq"
                + $" in {DeviceStorage.OutboxSegmentBytes} B files of one block each"),
            new("copy-on-write reserve", 2, "a rewritten block (outbox segment, record copy) is written anew before the old one is freed"),
            new("settings.txt (+ .new/.old while replaced)", 3 * Blocks(DeviceStorage.SettingsMaxBytes), $"3 files ≤ {DeviceStorage.SettingsMaxBytes} B"),
            new("identity I:\\id", IdentityFiles * Blocks(DeviceStorage.IdentityFileMaxBytes), $"{IdentityFiles} files ≤ {DeviceStorage.IdentityFileMaxBytes} B"),
            new("OTA record ota.0/ota.1", 2, "2 copies ≤ 158 B (OtaRecord.MaxSize)"),
            new("job record job.0/job.1", 2, "2 copies ≤ 78 B"),
        ];
    }

    public long DriveBytes { get; }
    public IReadOnlyList<FlashBudgetItem> Items { get; }
    public int DriveBlocks => (int)(DriveBytes / BlockBytes);
    public int UsedBlocks => Items.Sum(i => i.Blocks);

    /// <summary>Blocks the firmware may use: the drive less the free margin.</summary>
    public int AllowedBlocks => (int)(DriveBlocks * (1 - FreeMargin));

    public bool Fits => UsedBlocks <= AllowedBlocks;

    /// <summary>Seconds of readings the outbox keeps without a broker at <paramref name="sampleIntervalSeconds"/>.</summary>
    public static long OutboxOutageSeconds(int sampleIntervalSeconds) => (long)DeviceStorage.OutboxRecords * sampleIntervalSeconds;

    public static int Blocks(long bytes) => (int)((bytes + BlockBytes - 1) / BlockBytes);

    public IEnumerable<string> Describe()
    {
        foreach (var item in Items)
        {
            yield return $"  {item.What,-44} {item.Blocks,4} blocks  {item.Basis}";
        }
        yield return $"  {"total",-44} {UsedBlocks,4} blocks = {UsedBlocks * BlockBytes / 1024} KB of {DriveBytes / 1024} KB"
            + $" ({100.0 * UsedBlocks / DriveBlocks:F0} %; allowed {AllowedBlocks} blocks = {100 * (1 - FreeMargin):F0} %): {(Fits ? "fits" : "DOES NOT FIT")}";
    }
}
