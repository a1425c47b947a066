using System.Globalization;
using System.Text;
using Methane.Firmware.Core.Text;
using Xunit;

namespace Methane.Firmware.Core.Tests.Json;

public sealed class NumberFormatterTests
{
    private static string Int(long value)
    {
        var buffer = new byte[32];
        int end = NumberFormatter.WriteInt64(value, buffer, 3, buffer.Length);
        Assert.True(end > 3);
        return Encoding.ASCII.GetString(buffer, 3, end - 3);
    }

    private static string Fixed(double value, int decimals)
    {
        var buffer = new byte[64];
        int end = NumberFormatter.WriteFixed(value, decimals, buffer, 0, buffer.Length);
        Assert.True(end > 0, $"{value} did not format");
        return Encoding.ASCII.GetString(buffer, 0, end);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(7L, "7")]
    [InlineData(-45L, "-45")]
    [InlineData(10L, "10")]
    [InlineData(9007199254740991L, "9007199254740991")] // 2^53 - 1
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Integers(long value, string expected) => Assert.Equal(expected, Int(value));

    // Expected texts computed by hand: scale by 10^d, round half away from zero, re-insert the point.
    [Theory]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(21.5, 2, "21.50")]
    [InlineData(-45.0, 2, "-45.00")]
    [InlineData(0.125, 2, "0.13")]     // exact binary tie: away from zero (.NET's F2 would give 0.12)
    [InlineData(-0.125, 2, "-0.13")]
    [InlineData(2.5, 0, "3")]
    [InlineData(-2.5, 0, "-3")]
    [InlineData(0.5, 0, "1")]
    [InlineData(-0.001, 2, "0.00")]    // rounds to zero: no "-0.00"
    [InlineData(-0.004, 2, "0.00")]
    [InlineData(-0.005, 3, "-0.005")]
    [InlineData(9.999, 2, "10.00")]    // carry into the integer part
    [InlineData(-9.9996, 3, "-10.000")]
    [InlineData(50000.0, 1, "50000.0")]
    [InlineData(0.000125, 6, "0.000125")] // one ADS1115 LSB at +-4.096 V
    [InlineData(1.0, 9, "1.000000000")]
    [InlineData(123456789.123, 0, "123456789")]
    [InlineData(6.144, 6, "6.144000")]
    public void Fixed_point(double value, int decimals, string expected) => Assert.Equal(expected, Fixed(value, decimals));

    [Fact]
    public void Negative_zero_has_no_sign() => Assert.Equal("0.00", Fixed(-0.0, 2));

    [Fact]
    public void Huge_magnitudes_stay_valid_JSON_numbers()
    {
        // 1e20 does not fit a long once scaled: decimals are dropped, then exponent form (17 significant digits).
        Assert.Equal("1.0000000000000000e20", Fixed(1e20, 2));
        Assert.Equal("-1.0000000000000000e20", Fixed(-1e20, 2));
        Assert.Equal(1e300, double.Parse(Fixed(1e300, 3), CultureInfo.InvariantCulture), 1e286);
        // 1e15 with 4 decimals would need 1e19 > 2^62: 3 decimals are kept (1e18 fits).
        Assert.Equal("1000000000000000.000", Fixed(1e15, 4));
    }

    [Fact]
    public void NaN_and_infinities_are_refused_without_writing()
    {
        var buffer = new byte[16];
        Assert.Equal(-1, NumberFormatter.WriteFixed(double.NaN, 2, buffer, 0, 16));
        Assert.Equal(-1, NumberFormatter.WriteFixed(double.PositiveInfinity, 2, buffer, 0, 16));
        Assert.Equal(-1, NumberFormatter.WriteFixed(double.NegativeInfinity, 2, buffer, 0, 16));
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Never_writes_past_end()
    {
        // "-12.35" is 6 bytes: every shorter window must fail and leave the guard bytes alone.
        for (int room = 0; room < 6; room++)
        {
            var buffer = Enumerable.Repeat((byte)0xAA, 16).ToArray();
            Assert.Equal(-1, NumberFormatter.WriteFixed(-12.345, 2, buffer, 4, 4 + room));
            Assert.All(buffer, b => Assert.Equal(0xAA, b));
        }
        var exact = new byte[6];
        Assert.Equal(6, NumberFormatter.WriteFixed(-12.345, 2, exact, 0, 6));
        Assert.Equal("-12.35", Encoding.ASCII.GetString(exact)); // 12.345 is stored as 12.3450000000000006; rounds up either way

        for (int room = 0; room < 20; room++)
        {
            var buffer = Enumerable.Repeat((byte)0xAA, 24).ToArray();
            Assert.Equal(-1, NumberFormatter.WriteInt64(long.MinValue, buffer, 2, 2 + room));
            Assert.All(buffer, b => Assert.Equal(0xAA, b));
        }
    }

    [Fact]
    public void Integers_match_dotnet_over_random_values()
    {
        var random = new Random(20240601);
        for (int i = 0; i < 20000; i++)
        {
            long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Int(value));
        }
    }

    [Fact]
    public void Fixed_matches_dotnet_over_random_values_away_from_ties()
    {
        // .NET's "F" formats the exact binary value (ties to even, and "-0.00"); away from ties both must agree.
        var random = new Random(7);
        int compared = 0;
        for (int i = 0; i < 50000; i++)
        {
            int decimals = random.Next(0, 7);
            double magnitude = Math.Pow(10, random.Next(-4, 9));
            double value = (random.NextDouble() * 2 - 1) * magnitude;
            double scaled = Math.Abs(value) * Math.Pow(10, decimals);
            if (Math.Abs(scaled - Math.Floor(scaled) - 0.5) < 1e-6)
            {
                continue;
            }
            string expected = value.ToString("F" + decimals, CultureInfo.InvariantCulture);
            if (expected.TrimStart('-').All(c => c == '0' || c == '.'))
            {
                expected = expected.TrimStart('-');
            }
            Assert.Equal(expected, Fixed(value, decimals));
            compared++;
        }
        Assert.True(compared > 49000);
    }
}
