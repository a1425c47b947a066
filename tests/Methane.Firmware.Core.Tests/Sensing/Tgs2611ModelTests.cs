using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

public sealed class Tgs2611ModelTests
{
    [Fact]
    public void Vout_1V_at_Vc_5V_and_RL_10k_gives_Rs_40k_and_the_curve_value()
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        int flags = model.Compute(1.0, environmentValid: false, 0, 0, r0Correction: 1.0);

        Assert.True(model.HasValue);
        Assert.Equal(ReadingFlags.Uncompensated, flags);
        Assert.Equal(1.0, model.VoutVolts);
        // Rs = RL·(Vc − Vout)/Vout = 10 kΩ · 4 V / 1 V = 40 kΩ
        Assert.Equal(40000.0, model.RsOhms, 9);
        // Rs/R0 = 40 kΩ / 10 kΩ = 4; ppm = 5000 · 4^−2 = 312.5; %LEL = 312.5 / 50000 · 100 = 0.625
        Assert.Equal(4.0, model.RsR0, 12);
        Assert.Equal(312.5, model.Ppm, 9);
        Assert.Equal(0.625, model.LelPct, 12);
        Assert.Equal(1.0, model.CompensationFactor);
    }

    [Fact]
    public void Divider_ratio_scales_the_adc_voltage_back_to_Vout()
    {
        var cal = SensingFixtures.Calibration();
        cal.DividerRatio = 2.0;
        var model = new Tgs2611Model(cal);
        model.Compute(0.5, false, 0, 0, 1.0);
        // Vout = 0.5 V · 2 = 1.0 V → Rs = 40 kΩ as above
        Assert.Equal(1.0, model.VoutVolts);
        Assert.Equal(40000.0, model.RsOhms, 9);
    }

    [Fact]
    public void Temperature_and_humidity_compensation_divides_the_ratio_by_K()
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        int flags = model.Compute(1.0, environmentValid: true, temperatureC: 30, humidityPct: 75, r0Correction: 1.0);

        Assert.Equal(ReadingFlags.None, flags);
        // K = 1 + (−0.01)(30 − 20) + (−0.002)(75 − 65) = 1 − 0.1 − 0.02 = 0.88
        Assert.Equal(0.88, model.CompensationFactor, 12);
        // ratio = 4 / 0.88; ppm = 5000 · (0.88/4)^2 = 5000 · 0.0484 = 242
        Assert.Equal(4.0 / 0.88, model.RsR0, 12);
        Assert.Equal(242.0, model.Ppm, 9);
    }

    [Fact]
    public void At_reference_conditions_compensation_is_neutral()
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        model.Compute(1.0, true, 20, 65, 1.0);
        Assert.Equal(1.0, model.CompensationFactor);
        Assert.Equal(312.5, model.Ppm, 9);
    }

    [Fact]
    public void Baseline_correction_scales_R0()
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        model.Compute(1.0, false, 0, 0, r0Correction: 0.8);
        // effective R0 = 10 kΩ · 0.8 = 8 kΩ → ratio 40/8 = 5 → ppm = 5000 / 25 = 200
        Assert.Equal(4.0, model.RsR0Uncorrected, 12);
        Assert.Equal(5.0, model.RsR0, 12);
        Assert.Equal(200.0, model.Ppm, 9);
    }

    [Fact]
    public void Datasheet_curve_R0_at_5000ppm_and_sensitivity_0_6_per_threefold()
    {
        // TGS2611-E00: R0 = Rs in 5000 ppm; Rs(9000)/Rs(3000) = 0.60 → b = ln 3 / ln 0.6, a = 5000.
        var cal = SensingFixtures.Calibration();
        cal.R0Ohms = 40000;
        cal.CurveA = 5000;
        cal.CurveB = Math.Log(3) / Math.Log(0.6);
        var model = new Tgs2611Model(cal);

        model.Compute(1.0, false, 0, 0, 1.0);           // Rs = 40 kΩ = R0
        Assert.Equal(5000.0, model.Ppm, 9);
        Assert.Equal(10.0, model.LelPct, 12);           // 5000 / 50000 · 100

        // Rs = 0.6 · R0 = 24 kΩ ⇔ Vout = Vc·RL/(Rs + RL) = 5 · 10/34 V; Rs 0.6× means 3× the concentration: 15000 ppm.
        model.Compute(5.0 * 10.0 / 34.0, false, 0, 0, 1.0);
        Assert.Equal(24000.0, model.RsOhms, 6);
        Assert.Equal(15000.0, model.Ppm, 6);
    }

    [Theory]
    [InlineData(0.0)]      // Vout = 0: open sensor or broken wire
    [InlineData(-0.01)]
    [InlineData(5.0)]      // Vout = Vc: Rs = 0 (short)
    [InlineData(5.2)]
    [InlineData(double.NaN)]
    public void Out_of_range_Vout_is_saturated_and_has_no_value(double adcVolts)
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        int flags = model.Compute(adcVolts, true, 20, 65, 1.0);
        Assert.Equal(ReadingFlags.Saturated, flags);
        Assert.False(model.HasValue);
        Assert.Equal(0.0, model.Ppm);
        Assert.Equal(0.0, model.RsOhms);
    }

    [Fact]
    public void Non_positive_compensation_factor_falls_back_to_uncompensated()
    {
        var cal = SensingFixtures.Calibration();
        cal.TemperatureCoefficientPerC = -0.05;
        var model = new Tgs2611Model(cal);
        // K = 1 − 0.05·(45 − 20) − 0.002·0 = −0.25 → not usable
        int flags = model.Compute(1.0, true, 45, 65, 1.0);
        Assert.Equal(ReadingFlags.Uncompensated, flags);
        Assert.Equal(312.5, model.Ppm, 9);
    }
}
