using Methane.Firmware.Core.Connectivity;
using Xunit;

namespace Methane.Firmware.Core.Tests.Connectivity;

public sealed class BackoffTests
{
    [Fact]
    public void Xorshift32_first_outputs()
    {
        // Seed 1 by hand: x=1; x^=x<<13 → 8193; x^=x>>17 → 8193; x^=x<<5 → 8193^262176 = 270369.
        var r = new XorShiftRandom(1);
        Assert.Equal(270369u, r.NextUInt32());
    }

    [Fact]
    public void Ceiling_doubles_up_to_the_cap()
    {
        var b = new Backoff(1000, 30000, new XorShiftRandom(5));
        // 1000·2^n capped at 30000.
        Assert.Equal(new long[] { 1000, 2000, 4000, 8000, 16000, 30000, 30000 }, Enumerable.Range(0, 7).Select(b.CeilingMs));
        Assert.Equal(30000, b.CeilingMs(1000)); // no overflow for huge attempt counts
    }

    [Fact]
    public void Full_jitter_stays_within_zero_and_the_ceiling_and_covers_it()
    {
        var b = new Backoff(1000, 30000, new XorShiftRandom(12345));
        for (int attempt = 0; attempt < 8; attempt++)
        {
            long ceiling = Math.Min(30000, 1000L << attempt);
            long min = long.MaxValue, max = long.MinValue;
            double sum = 0;
            for (int i = 0; i < 10000; i++)
            {
                long d = b.NextDelayMs(attempt);
                Assert.InRange(d, 0, ceiling);
                min = Math.Min(min, d); max = Math.Max(max, d);
                sum += d;
            }
            // Uniform on [0, ceiling]: with 10,000 samples the extremes come within 1 % and the mean within 3 % of ceiling/2.
            Assert.True(min < ceiling / 100 + 1, $"attempt {attempt}: min {min}");
            Assert.True(max > ceiling * 99 / 100, $"attempt {attempt}: max {max}");
            Assert.InRange(sum / 10000, ceiling * 0.47, ceiling * 0.53);
        }
    }

    [Fact]
    public void Different_seeds_give_different_sequences()
    {
        var a = new Backoff(1000, 60000, new XorShiftRandom(1));
        var c = new Backoff(1000, 60000, new XorShiftRandom(2));
        Assert.NotEqual(Enumerable.Range(0, 10).Select(_ => a.NextDelayMs(5)), Enumerable.Range(0, 10).Select(_ => c.NextDelayMs(5)));
    }
}
