using System.Text;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Telemetry;
using Xunit;
using static Methane.Firmware.Core.Tests.Telemetry.TelemetryTestSupport;

namespace Methane.Firmware.Core.Tests.Telemetry;

public sealed class TelemetryBatchBuilderTests
{
    private readonly TelemetryEncoder _encoder = new(Identity);

    private int StandaloneLength(Reading r) => _encoder.Encode(r, new byte[TelemetryEncoder.MaxEncodedLength], 0, TelemetryEncoder.MaxEncodedLength);

    [Fact]
    public void Batches_stay_within_5120_bytes_and_hold_as_many_as_fit()
    {
        var random = new Random(99);
        var buffer = new byte[8192]; // larger than the limit: the limit, not the buffer, must stop the batch
        var batch = new TelemetryBatchBuilder(_encoder, buffer);
        Assert.Equal(5120, batch.MaxMessageBytes);
        var sent = new List<Reading>();
        var pending = new List<Reading>();
        int batches = 0;
        for (int i = 0; i < 400; i++)
        {
            Reading r = RandomReading(random);
            TelemetryBatchAddResult result = batch.TryAdd(r);
            if (result == TelemetryBatchAddResult.Full)
            {
                // Refused only when the reading really would not fit: "[" + a + "," + ... + "," + r + "]".
                Assert.True(batch.Length + 1 + StandaloneLength(r) + 1 > 5120, $"refused with {batch.Length} bytes used");
                Flush(batch, pending, sent);
                batches++;
                result = batch.TryAdd(r);
            }
            Assert.Equal(TelemetryBatchAddResult.Added, result);
            pending.Add(r);
        }
        Flush(batch, pending, sent);
        Assert.Equal(400, sent.Count);
        Assert.True(batches >= 10, $"only {batches} full batches"); // ~300-400 bytes each: 13-17 per batch
    }

    private static void Flush(TelemetryBatchBuilder batch, List<Reading> pending, List<Reading> sent)
    {
        int length = batch.Finish();
        Assert.InRange(length, 2, 5120);
        ReadOnlySpan<byte> message = batch.Buffer.AsSpan(batch.Offset, length);
        AssertSchemaValid(message);
        TelemetryDecodeResult decoded = TelemetryDecoder.Decode(message);
        Assert.True(decoded.Success, decoded.Error?.Message);
        Assert.True(decoded.IsBatch);
        Assert.Equal(pending.Select(p => p.Seq), decoded.Readings.Select(d => d.Seq));
        sent.AddRange(pending);
        pending.Clear();
        batch.Reset();
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Eighteen_typical_readings_fill_a_5KB_batch()
    {
        // FullReading() encodes to 280 bytes (TelemetryEncoderTests literal). 18 of them: 1 + 18*280 + 17 + 1 = 5059 <= 5120;
        // a 19th would need 5059 + 281 = 5340.
        Assert.Equal(280, StandaloneLength(FullReading()));
        var batch = new TelemetryBatchBuilder(_encoder, new byte[5120]);
        int added = 0;
        while (batch.TryAdd(FullReading()) == TelemetryBatchAddResult.Added)
        {
            added++;
        }
        Assert.Equal(18, added);
        Assert.Equal(5059, batch.Finish());
    }

    [Fact]
    public void A_batch_of_one_is_the_reading_in_brackets()
    {
        var buffer = new byte[1024];
        var batch = new TelemetryBatchBuilder(_encoder, buffer);
        Assert.Equal(TelemetryBatchAddResult.Added, batch.TryAdd(FullReading()));
        int length = batch.Finish();
        Assert.Equal(length, batch.Finish()); // idempotent
        var single = new byte[TelemetryEncoder.MaxEncodedLength];
        int singleLength = _encoder.Encode(FullReading(), single, 0, single.Length);
        Assert.Equal("[" + Encoding.UTF8.GetString(single, 0, singleLength) + "]", Encoding.UTF8.GetString(buffer, 0, length));
        Assert.Equal(TelemetryBatchAddResult.Full, batch.TryAdd(FullReading())); // finished batches take nothing more
    }

    [Fact]
    public void Exact_fit_is_accepted_and_one_byte_less_is_refused()
    {
        int one = StandaloneLength(FullReading());
        // Two identical readings: "[" + r + "," + r + "]".
        int exact = 1 + one + 1 + one + 1;
        var batch = new TelemetryBatchBuilder(_encoder, new byte[4096], 0, 4096, exact);
        Assert.Equal(TelemetryBatchAddResult.Added, batch.TryAdd(FullReading()));
        Assert.Equal(TelemetryBatchAddResult.Added, batch.TryAdd(FullReading()));
        Assert.Equal(exact, batch.Finish());

        var tight = new TelemetryBatchBuilder(_encoder, new byte[4096], 0, 4096, exact - 1);
        Assert.Equal(TelemetryBatchAddResult.Added, tight.TryAdd(FullReading()));
        Assert.Equal(TelemetryBatchAddResult.Full, tight.TryAdd(FullReading()));
        Assert.Equal(1 + one + 1, tight.Finish()); // the refused reading left no trace
        AssertSchemaValid(tight.Buffer.AsSpan(0, tight.Finish()));
    }

    [Fact]
    public void The_buffer_bounds_the_message_when_smaller_than_the_limit()
    {
        var buffer = Enumerable.Repeat((byte)0xEE, 1000).ToArray();
        var batch = new TelemetryBatchBuilder(_encoder, buffer, 100, 700, 5120);
        Assert.Equal(700, batch.MaxMessageBytes);
        while (batch.TryAdd(FullReading()) == TelemetryBatchAddResult.Added)
        {
        }
        int length = batch.Finish();
        Assert.InRange(length, 2, 700);
        // A refused reading may have scribbled inside the region (it is rewound), never outside it.
        Assert.All(buffer.Take(100).Concat(buffer.Skip(100 + 700)), b => Assert.Equal(0xEE, b));
        AssertSchemaValid(buffer.AsSpan(100, length));
    }

    [Fact]
    public void Count_is_capped_at_the_schemas_100_readings()
    {
        var small = new Reading { Flags = ReadingFlags.SensorFault };
        var batch = new TelemetryBatchBuilder(_encoder, new byte[65536], 0, 65536, 65536);
        for (int i = 0; i < 100; i++)
        {
            small.Seq = i;
            Assert.Equal(TelemetryBatchAddResult.Added, batch.TryAdd(small));
        }
        Assert.Equal(TelemetryBatchAddResult.Full, batch.TryAdd(small));
        int length = batch.Finish();
        AssertSchemaValid(batch.Buffer.AsSpan(0, length));
        Assert.Equal(100, TelemetryDecoder.Decode(batch.Buffer.AsSpan(0, length)).Readings.Count);
    }

    [Fact]
    public void Too_large_and_invalid_readings_are_told_apart()
    {
        var batch = new TelemetryBatchBuilder(_encoder, new byte[4096], 0, 4096, 100);
        Assert.Equal(TelemetryBatchAddResult.TooLarge, batch.TryAdd(FullReading()));
        Assert.Equal(0, batch.Finish()); // nothing to send
        var invalid = FullReading();
        invalid.Seq = -3;
        Assert.Equal(TelemetryBatchAddResult.InvalidReading, new TelemetryBatchBuilder(_encoder, new byte[4096]).TryAdd(invalid));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryBatchBuilder(_encoder, new byte[4096], 0, 4096, 1));
    }

    [Fact]
    public void Building_batches_allocates_nothing_after_warm_up()
    {
        var batch = new TelemetryBatchBuilder(_encoder, new byte[5120]);
        Reading r = FullReading();
        batch.TryAdd(r);
        batch.Finish();
        batch.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            r.Seq = i;
            if (batch.TryAdd(r) == TelemetryBatchAddResult.Full)
            {
                batch.Finish();
                batch.Reset();
                batch.TryAdd(r);
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
