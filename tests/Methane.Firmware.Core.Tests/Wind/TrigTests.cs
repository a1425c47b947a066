using Methane.Firmware.Core.Wind;
using Xunit;

namespace Methane.Firmware.Core.Tests.Wind;

/// <summary>The core's own trigonometry (nanoFramework's mscorlib has no System.Math) against System.Math.</summary>
public sealed class TrigTests
{
    [Fact]
    public void Sin_cos_agree_with_System_Math_over_many_turns()
    {
        var random = new Random(11);
        for (int i = 0; i < 20000; i++)
        {
            double deg = (random.NextDouble() - 0.5) * 4000;
            double rad = deg * Math.PI / 180;
            Assert.Equal(Math.Sin(rad), Trig.SinDeg(deg), 1e-12);
            Assert.Equal(Math.Cos(rad), Trig.CosDeg(deg), 1e-12);
        }
        Assert.Equal(1.0, Trig.SinDeg(90), 15);
        Assert.Equal(-1.0, Trig.CosDeg(180), 15);
        Assert.True(double.IsNaN(Trig.SinDeg(double.NaN)));
        Assert.True(double.IsNaN(Trig.CosDeg(double.PositiveInfinity)));
    }

    [Fact]
    public void Atan2_gives_compass_angles_in_0_to_360_in_every_quadrant()
    {
        var random = new Random(12);
        for (int i = 0; i < 20000; i++)
        {
            double y = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6));
            double x = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6));
            double expected = Math.Atan2(y, x) * 180 / Math.PI;
            if (expected < 0) expected += 360;
            double got = Trig.Atan2Deg(y, x);
            Assert.InRange(got, 0, 360 - 1e-12);
            double diff = Math.Abs(got - expected);
            Assert.True(Math.Min(diff, 360 - diff) < 1e-10, $"atan2({y}, {x}) = {got}, System.Math {expected}");
        }
        // The axes, where a naive atan(y/x) divides by zero (which throws on nanoCLR).
        Assert.Equal(0, Trig.Atan2Deg(0, 1));
        Assert.Equal(90, Trig.Atan2Deg(1, 0), 12);
        Assert.Equal(180, Trig.Atan2Deg(0, -1), 12);
        Assert.Equal(270, Trig.Atan2Deg(-1, 0), 12);
        Assert.Equal(0, Trig.Atan2Deg(0, 0));
        Assert.True(double.IsNaN(Trig.Atan2Deg(double.NaN, 1)));
    }

    [Fact]
    public void Asin_agrees_with_System_Math_and_clamps()
    {
        for (double x = -1; x <= 1; x += 0.001)
        {
            Assert.Equal(Math.Asin(x) * 180 / Math.PI, Trig.AsinDeg(x), 1e-10);
        }
        Assert.Equal(90, Trig.AsinDeg(1.0000001));
        Assert.Equal(-90, Trig.AsinDeg(-3));
    }
}
