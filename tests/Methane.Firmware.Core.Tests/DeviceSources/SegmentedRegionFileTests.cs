using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Device.App.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.DeviceSources;

/// <summary>
/// The device's segmented outbox storage (compiled from the device source) against a plain byte array: same bytes for
/// any write/read pattern, every segment file within one LittleFS block, and the outbox and seq counter survive a restart.
/// </summary>
public sealed class SegmentedRegionFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "methane-segments-" + Guid.NewGuid().ToString("N"));

    public SegmentedRegionFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private string Base => Path.Combine(_dir, "outbox");

    [Fact]
    public void Segments_are_one_block_each_and_cover_the_region()
    {
        int size = ReadingOutbox.RegionBytesFor(DeviceStorage.OutboxRecords) + SequenceCounter.RegionBytes;   // 106592
        using var region = new SegmentedRegionFile(Base, size);
        Assert.Equal(27, region.Segments);   // ceil(106592 / 4000)
        var lengths = Enumerable.Range(0, 27).Select(i => new FileInfo(region.PathOf(i)).Length).ToArray();
        Assert.All(lengths, l => Assert.InRange(l, 1, 4096 - 8));
        Assert.Equal(size, lengths.Sum());
        Assert.Equal(106592 - 26 * 4000, lengths[26]);
        Assert.EndsWith("outbox.00", region.PathOf(0));
        Assert.EndsWith("outbox.26", region.PathOf(26));
        Assert.Equal(27, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void Random_writes_and_reads_match_a_plain_array_across_segment_boundaries()
    {
        const int size = 3 * DeviceStorage.OutboxSegmentBytes + 777;
        var expected = new byte[size];
        var random = new Random(16);
        using (var region = new SegmentedRegionFile(Base, size))
        {
            for (int i = 0; i < 2000; i++)
            {
                int count = random.Next(1, 300);
                int offset = i % 7 == 0 ? DeviceStorage.OutboxSegmentBytes * random.Next(1, 4) - count / 2 : random.Next(0, size - count);
                offset = Math.Clamp(offset, 0, size - count);
                var data = new byte[count];
                random.NextBytes(data);
                region.Write(offset, data, 0, count);
                Array.Copy(data, 0, expected, offset, count);
                if (i % 10 == 0) { region.Flush(); }

                int readAt = random.Next(0, size - 400);
                var back = new byte[400];
                region.Read(readAt, back, 0, 400);
                Assert.Equal(expected.AsSpan(readAt, 400).ToArray(), back);
            }
        }
        using var reopened = new SegmentedRegionFile(Base, size);
        var all = new byte[size];
        reopened.Read(0, all, 0, size);
        Assert.Equal(expected, all);
        Assert.Throws<ArgumentOutOfRangeException>(() => reopened.Write(size - 1, new byte[2], 0, 2));
    }

    [Fact]
    public void Outbox_and_seq_on_segments_survive_a_restart()
    {
        int outboxBytes = ReadingOutbox.RegionBytesFor(DeviceStorage.OutboxRecords);
        int size = outboxBytes + SequenceCounter.RegionBytes;
        using (var region = new SegmentedRegionFile(Base, size))
        {
            var outbox = new ReadingOutbox(region, 0, outboxBytes);
            outbox.Recover();
            var seq = new SequenceCounter(region, outboxBytes, 64);
            seq.Start(outbox.NewestSeq);
            for (int i = 0; i < 1500; i++)   // wraps the 1024-record ring
            {
                var r = new Reading { Seq = seq.Next(), TimestampMs = 1_700_000_000_000 + i * 5000L, Ch4Ppm = i };
                outbox.Append(r);
            }
            outbox.RemoveThrough(outbox.OldestRecord + 99);
        }
        using (var region = new SegmentedRegionFile(Base, size))
        {
            var outbox = new ReadingOutbox(region, 0, outboxBytes);
            outbox.Recover();
            Assert.Equal(1024 - 100, outbox.Count);
            var r = new Reading();
            Assert.True(outbox.TryRead(outbox.OldestRecord, r));
            Assert.Equal(1500 - 1024 + 100, r.Seq);
            Assert.Equal(0, outbox.CorruptSkipped);
            var seq = new SequenceCounter(region, outboxBytes, 64);
            seq.Start(outbox.NewestSeq);
            Assert.Equal(1500, seq.Next());
        }
    }
}
