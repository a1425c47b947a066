using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Ambient;

public sealed class AmbientModelTests
{
    internal static AmbientCalibration Fitted()
    {
        var c = new AmbientCalibration
        {
            Intercept = 30.5, LnRsSlope = -12.25, TemperatureSlope = -0.125, HumiditySlope = -0.5, TemperatureSquaredSlope = 0.0625,
            TemperatureHumiditySlope = 0.03125, DriftPerDay = 0.01,
            EpochDay = 20000, SigmaPpm = 0.2, Fitted = 1,
        };
        c.Checksum = c.ComputeChecksum();
        return c;
    }

    [Fact]
    public void Absolute_humidity_matches_the_Magnus_formula_values()
    {
        // Hand-computed: 20 °C, 100 %RH: es = 6.112 exp(17.62*20/263.12) = 6.112*3.8166 = 23.33 hPa; rho = 216.7*23.33/293.15 = 17.24 g/m3.
        Assert.Equal(17.24, AbsoluteHumidity.GramsPerCubicMetre(20, 100), 2);
        Assert.Equal(17.24 / 2, AbsoluteHumidity.GramsPerCubicMetre(20, 50), 2);
        Assert.Equal(4.85, AbsoluteHumidity.GramsPerCubicMetre(0, 100), 2);
    }

    [Fact]
    public void Evaluates_the_linear_model_term_by_term()
    {
        var model = new AmbientModel(Fitted());
        // Rs = 1 kOhm (ln 1 = 0), 20 °C, humidity giving 10 g/m3, on the calibration day: the intercept minus nothing.
        double rh10 = 10 / AbsoluteHumidity.GramsPerCubicMetre(20, 100) * 100;
        long epochDayMs = 20000L * 86_400_000;
        Assert.Equal(30.5, model.Compute(true, 1000, true, 20, rh10, epochDayMs), 9);
        Assert.Equal(0, model.Flags);
        // Each term on its own.
        Assert.Equal(30.5 - 12.25 * Math.Log(2), model.Compute(true, 2000, true, 20, rh10, epochDayMs), 9);
        double dah = AbsoluteHumidity.GramsPerCubicMetre(25, rh10) - 10;
        Assert.Equal(30.5 - 0.125 * 5 - 0.5 * dah + 0.0625 * 25 + 0.03125 * 5 * dah, model.Compute(true, 1000, true, 25, rh10, epochDayMs), 9);
        Assert.Equal(30.5 + 0.01 * 100, model.Compute(true, 1000, true, 20, rh10, epochDayMs + 100L * 86_400_000), 9);
    }

    [Fact]
    public void Missing_inputs_and_out_of_range_results_give_no_value_and_say_why()
    {
        var model = new AmbientModel(Fitted());
        Assert.True(double.IsNaN(model.Compute(false, 20000, true, 20, 50, 0)));
        Assert.Equal(AmbientFlags.SensorInvalid, model.Flags);
        Assert.True(double.IsNaN(model.Compute(true, 20000, false, 20, 50, 0)));
        Assert.Equal(AmbientFlags.NoEnvironment, model.Flags);
        Assert.True(double.IsNaN(model.Compute(true, 1, true, 20, 50, 20000L * 86_400_000))); // ln(0.001): 30.5 + 84.6 > 50
        Assert.Equal(AmbientFlags.AboveRange, model.Flags);
        Assert.True(double.IsNaN(model.Compute(true, 1e9, true, 20, 50, 20000L * 86_400_000)));
        Assert.Equal(AmbientFlags.BelowRange, model.Flags);
        Assert.False(double.IsNaN(model.Compute(true, 5000, true, 20, 50, -1)));
        Assert.Equal(AmbientFlags.ClockUnsynced, model.Flags);
        Assert.True(double.IsNaN(model.Compute(true, double.NaN, true, 20, 50, 0)));
    }

    [Fact]
    public void A_partial_or_mixed_coefficient_set_fails_its_checksum()
    {
        AmbientCalibration c = Fitted();
        Assert.Null(c.Validate());
        c.LnRsSlope = -12.5; // one coefficient changed, checksum not
        string reason = c.Validate()!;
        Assert.StartsWith("ambient.checksum = ", reason);
        Assert.Contains("partial or mixed", reason);
        c.Checksum = c.ComputeChecksum();
        Assert.Null(c.Validate());
        // Rounding below 10^-9 does not change the checksum (values travel with 9 decimals).
        int before = c.ComputeChecksum();
        c.Intercept += 1e-12;
        Assert.Equal(before, c.ComputeChecksum());
        c.Intercept += 1e-9;
        Assert.NotEqual(before, c.ComputeChecksum());
    }

    [Fact]
    public void Out_of_range_coefficients_are_named()
    {
        AmbientCalibration c = Fitted();
        c.LnRsSlope = 3; // a positive slope would mean methane raises Rs
        c.Checksum = c.ComputeChecksum();
        Assert.StartsWith("ambient.lnRsSlope = 3", c.Validate());
        c = Fitted();
        c.SigmaPpm = double.NaN;
        c.Checksum = c.ComputeChecksum();
        Assert.StartsWith("ambient.sigmaPpm", c.Validate());
    }

    [Fact]
    public void Background_is_the_lowest_recent_block_and_enhancement_is_flagged_against_the_noise_floor()
    {
        var est = new AmbientEstimator(Fitted());
        var r = new Reading();
        long t = 0;
        // 20 min of clean air at about 2 ppm, then a 1.5 ppm plume for one block.
        double rsFor2 = RsFor(est.Model, 2.0);
        double rsFor35 = RsFor(est.Model, 3.5);
        for (; t < 12 * 60_000; t += 5000) Step(est, r, t, rsFor2);
        Assert.Equal(2.0, r.BackgroundPpm, 6);
        Assert.Equal(AmbientFlags.Learning, r.BackgroundFlags); // two 5-minute blocks so far, three needed
        for (; t < 40 * 60_000; t += 5000) Step(est, r, t, rsFor2);
        Assert.Equal(0, r.BackgroundFlags);
        Assert.Equal(AmbientFlags.BelowNoise, r.EnhancementFlags);
        for (long end = t + 5 * 60_000; t < end; t += 5000) Step(est, r, t, rsFor35);
        Assert.Equal(3.5, r.AmbientPpm, 6);
        Assert.Equal(2.0, r.BackgroundPpm, 6);
        Assert.Equal(0, r.EnhancementFlags); // 1.5 ppm > 3 sigma = 0.6 ppm
    }

    private static void Step(AmbientEstimator est, Reading r, long t, double rs)
    {
        r.Clear();
        r.HasRaw = true; r.RsOhms = rs; r.HasEnvironment = true; r.TemperatureC = 20;
        r.RelativeHumidityPct = 10 / AbsoluteHumidity.GramsPerCubicMetre(20, 100) * 100;
        est.Process(r, t, 20000L * 86_400_000);
    }

    private static double RsFor(AmbientModel m, double ppm) => 1000 * Math.Exp((ppm - m.Calibration.Intercept) / m.Calibration.LnRsSlope);
}
