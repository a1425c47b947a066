using System.Reflection;
using Methane.Firmware.Core.App;
using Methane.Firmware.Emulation.Boards;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Firmware.Core.Tests.Boards;

/// <summary>
/// Everything the firmware writes to I: must fit each board's internal drive with a 25 % margin. The sizes come from the
/// device code's own constants (DeviceStorage, ReadingOutbox, SequenceCounter); the drive size from the board file, whose
/// partition facts BoardFieldFactsTests checks against nf-interpreter's tables.
/// </summary>
public sealed class FlashBudgetTests(ITestOutputHelper output)
{
    private static readonly string BoardsDir = Path.Combine(typeof(FlashBudgetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!, "boards");

    public static TheoryData<string> Boards() => BoardFileTests.ShippedBoards();

    [Theory]
    [MemberData(nameof(Boards))]
    public void Everything_the_firmware_writes_fits_the_boards_internal_drive(string fileName)
    {
        var facts = BoardFieldLoader.LoadFile(Path.Combine(BoardsDir, fileName));
        var budget = new FlashBudget(facts.InternalDrive.Size);
        TestFigures.Report($"flash budget {facts.Name}: I: {facts.InternalDrive.Size / 1024} KB, firmware {budget.UsedBlocks * 4} KB "
            + $"({100.0 * budget.UsedBlocks / budget.DriveBlocks:F0} % of I:)", output.WriteLine);
        foreach (string line in budget.Describe()) { output.WriteLine(line); }
        Assert.True(budget.Fits, string.Join("\n", budget.Describe()));
    }

    [Fact]
    public void The_4_mb_layout_does_not_fit_which_is_why_boards_need_8_mb()
    {
        // partitions_nanoclr_4mb.csv (esp32 and esp32s3): config (I:) 0x40000 = 256 KB.
        var budget = new FlashBudget(0x40000);
        Assert.Equal(64, budget.DriveBlocks);
        Assert.False(budget.Fits);
        // Two 384 KB slots alone are 192 blocks, three times the whole drive.
        Assert.Equal(2 * 96 + 2, budget.Items.Single(i => i.What == "application slots").Blocks);
    }

    [Fact]
    public void Outbox_sizes_are_the_record_arithmetic()
    {
        var budget = new FlashBudget(0x200000);
        // 1024 records × 104 B + 64 B header + 32 B seq = 106592 B in 4000 B segment files = 26.6 -> 27 files of one block.
        Assert.Equal(1024, DeviceStorage.OutboxRecords);
        Assert.Equal(27, budget.Items.Single(i => i.What == "outbox segments outbox.NN").Blocks);
        Assert.True(DeviceStorage.OutboxSegmentBytes <= FlashBudget.BlockBytes - 8, "a segment must fit one LittleFS block (block less 8 B of pointers)");
        Assert.Equal(512, budget.DriveBlocks);
    }

    [Fact]
    public void Records_counted_as_one_block_are_smaller_than_a_block()
    {
        // The budget counts the OTA and job records as one block per copy: true only while they stay below 4 KB.
        Assert.True(Methane.Firmware.Core.Ota.OtaRecord.MaxSize <= FlashBudget.BlockBytes, $"OtaRecord.MaxSize = {Methane.Firmware.Core.Ota.OtaRecord.MaxSize}");
        Assert.True(DeviceStorage.SettingsMaxBytes <= FlashBudget.BlockBytes);
    }

    [Fact]
    public void Outbox_covers_85_minutes_at_the_default_sampling_interval()
    {
        int interval = new DeviceSettings().SampleIntervalSeconds;
        long seconds = FlashBudget.OutboxOutageSeconds(interval);
        TestFigures.Report($"outbox outage cover: {DeviceStorage.OutboxRecords} readings × {interval} s = {seconds / 60} min {seconds % 60} s "
            + $"(at 60 s: {FlashBudget.OutboxOutageSeconds(60) / 3600} h)", output.WriteLine);
        Assert.Equal(5, interval);
        Assert.Equal(5120, seconds);   // 85 min 20 s
    }
}
