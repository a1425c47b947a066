using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

/// <summary>The core's own elementary functions against System.Math (the independent reference) on the host.</summary>
public sealed class CoreMathTests
{
    private const double Tolerance = 1e-7;       // issue 2 item 5 requirement
    private const double Observed = 1e-13;       // what the implementation actually achieves; guards against regressions

    private static double RelErr(double actual, double expected)
    {
        if (expected == 0) { return Math.Abs(actual); }
        return Math.Abs(actual - expected) / Math.Abs(expected);
    }

    private static IEnumerable<double> LogUniform(int seed, int count, double lo, double hi)
    {
        var rng = new Random(seed);
        double a = Math.Log(lo), b = Math.Log(hi);
        for (int i = 0; i < count; i++) { yield return Math.Exp(a + (b - a) * rng.NextDouble()); }
    }

    private static void AssertClose(double actual, double expected, string what)
    {
        double e = RelErr(actual, expected);
        Assert.True(e <= Tolerance, $"{what}: got {actual:R}, System.Math {expected:R}, rel err {e:E2}");
        Assert.True(e <= Observed, $"{what}: got {actual:R}, System.Math {expected:R}, rel err {e:E2} (above the observed 1e-13)");
    }

    [Fact]
    public void Ln_matches_System_Math_over_the_calibration_domain_and_beyond()
    {
        // Rs/R0 0.01..100, ppm and ohms up to 1e6, plus the full double range.
        foreach (var x in LogUniform(1, 20000, 0.01, 100)) { AssertClose(CoreMath.Ln(x), Math.Log(x), $"Ln({x:R})"); }
        foreach (var x in LogUniform(2, 5000, 1e-300, 1e300)) { AssertClose(CoreMath.Ln(x), Math.Log(x), $"Ln({x:R})"); }
        // Near 1 the result is near 0: relative error is the hard case.
        foreach (var d in new[] { 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, -1e-3, -1e-6, -1e-9, -1e-12, -1e-15 })
        {
            AssertClose(CoreMath.Ln(1 + d), Math.Log(1 + d), $"Ln(1{d:+0.0E0;-0.0E0})");
        }
    }

    [Fact]
    public void Ln_edge_cases()
    {
        Assert.Equal(0.0, CoreMath.Ln(1.0));
        Assert.Equal(double.NegativeInfinity, CoreMath.Ln(0.0));
        Assert.True(double.IsNaN(CoreMath.Ln(-1.0)));
        Assert.True(double.IsNaN(CoreMath.Ln(double.NaN)));
        Assert.Equal(double.PositiveInfinity, CoreMath.Ln(double.PositiveInfinity));
        AssertClose(CoreMath.Ln(double.Epsilon), Math.Log(double.Epsilon), "Ln(smallest subnormal)");   // −744.44
        AssertClose(CoreMath.Ln(double.MaxValue), Math.Log(double.MaxValue), "Ln(MaxValue)");           // 709.78
        AssertClose(CoreMath.Ln(Math.E), 1.0, "Ln(e)");
        AssertClose(CoreMath.Ln(2.0), 0.69314718055994530942, "Ln(2)");
    }

    [Fact]
    public void Exp_matches_System_Math()
    {
        foreach (var x in Uniform(3, 20000, -20, 20)) { AssertClose(CoreMath.Exp(x), Math.Exp(x), $"Exp({x:R})"); }
        // Normal range of results only: in the subnormal range one extra rounding is documented.
        foreach (var x in Uniform(4, 5000, -708, 709.7)) { AssertClose(CoreMath.Exp(x), Math.Exp(x), $"Exp({x:R})"); }
    }

    [Fact]
    public void Exp_edge_cases()
    {
        Assert.Equal(1.0, CoreMath.Exp(0.0));
        Assert.True(double.IsNaN(CoreMath.Exp(double.NaN)));
        Assert.Equal(double.PositiveInfinity, CoreMath.Exp(710.0));
        Assert.Equal(double.PositiveInfinity, CoreMath.Exp(double.PositiveInfinity));
        Assert.Equal(0.0, CoreMath.Exp(-746.0));
        Assert.Equal(0.0, CoreMath.Exp(double.NegativeInfinity));
        AssertClose(CoreMath.Exp(1.0), 2.71828182845904523536, "e");
        AssertClose(CoreMath.Exp(709.78), Math.Exp(709.78), "Exp near overflow");
        // Subnormal result: within a few ulps of the subnormal spacing, as documented.
        Assert.True(Math.Abs(CoreMath.Exp(-740.0) - Math.Exp(-740.0)) <= 2 * double.Epsilon);
        Assert.True(CoreMath.Exp(-1e-300) == 1.0 && CoreMath.Exp(1e-300) == 1.0);
    }

    [Fact]
    public void Pow_matches_System_Math_for_the_calibration_curve()
    {
        // ppm = a·(Rs/R0)^b: base 0.01..100, exponent −5..0; also positive exponents and ppm-sized bases.
        var rng = new Random(5);
        for (int i = 0; i < 20000; i++)
        {
            double x = Math.Exp(Math.Log(0.01) + (Math.Log(100) - Math.Log(0.01)) * rng.NextDouble());
            double y = -5.0 * rng.NextDouble();
            AssertClose(CoreMath.Pow(x, y), Math.Pow(x, y), $"Pow({x:R}, {y:R})");
        }
        foreach (var x in LogUniform(6, 5000, 1e-3, 1e6))
        {
            double y = rng.NextDouble() * 4 - 2;
            AssertClose(CoreMath.Pow(x, y), Math.Pow(x, y), $"Pow({x:R}, {y:R})");
        }
        // The TGS2611 default curve b = ln 3 / ln 0.6 at the datasheet's 3000 and 9000 ppm points: Rs/R0 ratio 0.6 per 3×.
        double b = Math.Log(3) / Math.Log(0.6);
        AssertClose(CoreMath.Pow(0.6, b), 3.0, "0.6^b = 3");
    }

    [Fact]
    public void Pow_edge_cases()
    {
        Assert.Equal(1.0, CoreMath.Pow(1.0, -2.15));
        Assert.Equal(1.0, CoreMath.Pow(5.0, 0.0));
        Assert.Equal(1.0, CoreMath.Pow(double.NaN, 0.0));   // IEEE: anything^0 = 1
        Assert.Equal(0.0, CoreMath.Pow(0.0, 2.0));
        Assert.Equal(double.PositiveInfinity, CoreMath.Pow(0.0, -2.15));
        Assert.True(double.IsNaN(CoreMath.Pow(-2.0, 2.0)));  // negative bases are outside the supported domain
        Assert.True(double.IsNaN(CoreMath.Pow(2.0, double.NaN)));
        Assert.True(double.IsNaN(CoreMath.Pow(double.NaN, 2.0)));
        AssertClose(CoreMath.Pow(2.0, 10.0), 1024.0, "2^10");
        AssertClose(CoreMath.Pow(1e-300, -1.0), 1e300, "huge result");
        Assert.Equal(double.PositiveInfinity, CoreMath.Pow(1e300, 2.0));
    }

    [Fact]
    public void Sqrt_matches_System_Math()
    {
        foreach (var x in LogUniform(7, 10000, 1e-300, 1e300)) { AssertClose(CoreMath.Sqrt(x), Math.Sqrt(x), $"Sqrt({x:R})"); }
        Assert.Equal(3.0, CoreMath.Sqrt(9.0));
        Assert.Equal(0.0, CoreMath.Sqrt(0.0));
        Assert.True(double.IsNaN(CoreMath.Sqrt(-1.0)));
        Assert.True(double.IsNaN(CoreMath.Sqrt(double.NaN)));
        Assert.Equal(double.PositiveInfinity, CoreMath.Sqrt(double.PositiveInfinity));
        AssertClose(CoreMath.Sqrt(double.MaxValue), Math.Sqrt(double.MaxValue), "Sqrt(MaxValue)");
        AssertClose(CoreMath.Sqrt(double.Epsilon), Math.Sqrt(double.Epsilon), "Sqrt(smallest subnormal)");
    }

    [Fact]
    public void Abs_Min_Max_Clamp()
    {
        Assert.Equal(2.5, CoreMath.Abs(-2.5));
        Assert.Equal(0.0, CoreMath.Abs(-0.0));
        Assert.Equal(7, CoreMath.Abs(-7));
        Assert.Equal(1.0, CoreMath.Min(1.0, 2.0));
        Assert.Equal(2.0, CoreMath.Max(1.0, 2.0));
        Assert.True(double.IsNaN(CoreMath.Min(double.NaN, 1.0)));
        Assert.True(double.IsNaN(CoreMath.Max(1.0, double.NaN)));
        Assert.Equal(3, CoreMath.Max(3, -1));
        Assert.Equal(-1, CoreMath.Min(3, -1));
        Assert.Equal(1.0, CoreMath.Clamp(5.0, 0.0, 1.0));
        Assert.Equal(0.0, CoreMath.Clamp(-5.0, 0.0, 1.0));
        Assert.Equal(0.5, CoreMath.Clamp(0.5, 0.0, 1.0));
    }

    private static IEnumerable<double> Uniform(int seed, int count, double lo, double hi)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++) { yield return lo + (hi - lo) * rng.NextDouble(); }
    }
}
