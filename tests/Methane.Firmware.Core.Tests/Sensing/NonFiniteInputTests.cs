using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

/// <summary>
/// NaN, ±∞ and zero divisors fed into every public numeric entry point of the sensing path, with the outcome the
/// documentation specifies (IEEE 754 where it says nothing else). On .NET these guard the specified behaviour; the
/// conformance transcript (tests/Methane.Firmware.Conformance) shows the same outcomes on nanoCLR, where a bare ordered
/// comparison with NaN answers "left is greater" and a floating division by zero throws.
/// </summary>
public sealed class NonFiniteInputTests
{
    private const double Inf = double.PositiveInfinity;

    [Theory]
    [InlineData(1.0, 0.0, double.PositiveInfinity)]
    [InlineData(-1.0, 0.0, double.NegativeInfinity)]
    [InlineData(1.0, -0.0, double.NegativeInfinity)]
    [InlineData(-3.0, -0.0, double.PositiveInfinity)]
    [InlineData(0.0, 0.0, double.NaN)]
    [InlineData(double.NaN, 0.0, double.NaN)]
    [InlineData(double.PositiveInfinity, 0.0, double.PositiveInfinity)]
    [InlineData(6.0, 4.0, 1.5)]
    [InlineData(6.0, double.NaN, double.NaN)]
    public void Divide_gives_the_IEEE_quotient_without_dividing_by_zero(double numerator, double denominator, double expected)
    {
        Assert.Equal(expected, CoreMath.Divide(numerator, denominator));
    }

    [Theory]
    [InlineData(double.NaN, 1.0, false, false)]
    [InlineData(1.0, double.NaN, false, false)]
    [InlineData(double.NaN, double.NaN, false, false)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, true, true)]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, false, false)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, true, false)]
    [InlineData(double.NegativeInfinity, -1e308, false, false)]
    [InlineData(2.0, 2.0, true, false)]
    [InlineData(3.0, 2.0, true, true)]
    public void AtLeast_and_Above_follow_IEEE_754(double a, double b, bool atLeast, bool above)
    {
        Assert.Equal(atLeast, CoreMath.AtLeast(a, b));
        Assert.Equal(above, CoreMath.Above(a, b));
    }

    [Fact]
    public void Min_Max_and_Clamp_order_infinities_and_keep_NaN()
    {
        Assert.Equal(double.NegativeInfinity, CoreMath.Min(double.NegativeInfinity, Inf));
        Assert.Equal(double.NegativeInfinity, CoreMath.Min(Inf, double.NegativeInfinity));
        Assert.Equal(Inf, CoreMath.Max(double.NegativeInfinity, Inf));
        Assert.Equal(Inf, CoreMath.Max(Inf, double.NegativeInfinity));
        Assert.True(double.IsNaN(CoreMath.Min(double.NaN, 1)));
        Assert.True(double.IsNaN(CoreMath.Max(1, double.NaN)));
        Assert.True(double.IsNaN(CoreMath.Clamp(double.NaN, 0, 1)), "documented: NaN stays NaN");
        Assert.Equal(1.0, CoreMath.Clamp(Inf, 0, 1));
        Assert.Equal(0.0, CoreMath.Clamp(double.NegativeInfinity, 0, 1));
        Assert.Equal(0.5, CoreMath.Clamp(0.5, double.NegativeInfinity, Inf));
    }

    [Fact]
    public void ClampHumidity_keeps_NaN_and_limits_infinities_to_0_and_100()
    {
        Assert.True(double.IsNaN(Sht4xConversion.ClampHumidity(double.NaN)));
        Assert.Equal(100.0, Sht4xConversion.ClampHumidity(Inf));
        Assert.Equal(0.0, Sht4xConversion.ClampHumidity(double.NegativeInfinity));
    }

    [Theory]
    [InlineData(double.NaN, 50.0)]
    [InlineData(20.0, double.NaN)]
    [InlineData(double.PositiveInfinity, 50.0)]
    [InlineData(20.0, double.NegativeInfinity)]
    public void A_non_finite_temperature_or_humidity_is_never_plausible(double t, double rh)
    {
        Assert.False(SensingFixtures.Sensing().IsPlausible(t, rh));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.0)]
    public void Model_flags_a_non_finite_or_zero_ADC_voltage_as_saturated_without_a_value(double volts)
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        int flags = model.Compute(volts, true, 20, 65, 1.0);
        Assert.Equal(ReadingFlags.Saturated, flags & ReadingFlags.Saturated);
        Assert.False(model.HasValue);
        Assert.Equal(0.0, model.Ppm);
    }

    [Theory]
    [InlineData(double.NaN, 65.0)]
    [InlineData(20.0, double.NaN)]
    [InlineData(double.PositiveInfinity, 65.0)]
    public void Model_with_a_non_finite_environment_falls_back_to_uncompensated(double t, double rh)
    {
        // Vout 2.5 V of Vc 5 V across RL 10 kΩ: Rs = 10 kΩ = R0, so uncompensated ppm = CurveA · 1^b = 5000.
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        int flags = model.Compute(2.5, true, t, rh, 1.0);
        Assert.Equal(ReadingFlags.Uncompensated, flags);
        Assert.Equal(1.0, model.CompensationFactor);
        Assert.Equal(5000.0, model.Ppm, 9);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Model_refuses_a_baseline_correction_that_is_not_a_positive_number(double correction)
    {
        var model = new Tgs2611Model(SensingFixtures.Calibration());
        Assert.Equal(ReadingFlags.Saturated, model.Compute(2.5, false, 0, 0, correction) & ReadingFlags.Saturated);
        Assert.False(model.HasValue);
    }

    [Fact]
    public void Model_reports_no_value_when_the_curve_overflows()
    {
        // R0 = 1e300 Ω makes Rs/R0 = 1e-296, and 5000 · (1e-296)^-2 is beyond double: that is out of range, not a reading.
        var cal = SensingFixtures.Calibration();
        cal.R0Ohms = 1e300;
        var model = new Tgs2611Model(cal);
        Assert.Equal(ReadingFlags.Saturated, model.Compute(2.5, false, 0, 0, 1.0) & ReadingFlags.Saturated);
        Assert.False(model.HasValue);
    }

    [Fact]
    public void Zero_divisors_in_an_unvalidated_calibration_do_not_throw()
    {
        var cal = SensingFixtures.Calibration();
        cal.R0Ohms = 0;
        cal.LelPpm = 0;
        var model = new Tgs2611Model(cal);
        model.Compute(2.5, false, 0, 0, 1.0);
        Assert.Equal(double.PositiveInfinity, model.PpmToLelPct(5000)); // 5000 / 0 · 100 by IEEE 754
        Assert.True(double.IsNaN(model.PpmToLelPct(0)));
    }

    [Fact]
    public void A_NaN_sample_holds_the_alarm_level_and_restarts_confirmation()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        alarm.Update(25);
        alarm.Update(25);
        Assert.Equal(AlarmLevel.None, alarm.Update(double.NaN));
        Assert.Equal(AlarmLevel.None, alarm.Update(25));
        Assert.Equal(AlarmLevel.None, alarm.Update(25));
        Assert.Equal(AlarmLevel.High, alarm.Update(25));
        for (int i = 0; i < 5; i++) Assert.Equal(AlarmLevel.High, alarm.Update(double.NaN));
    }

    [Fact]
    public void An_infinite_sample_is_at_or_beyond_every_threshold()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        alarm.Update(Inf);
        alarm.Update(Inf);
        Assert.Equal(AlarmLevel.High, alarm.Update(Inf));
        alarm.Update(double.NegativeInfinity);
        alarm.Update(double.NegativeInfinity);
        Assert.Equal(AlarmLevel.None, alarm.Update(double.NegativeInfinity));
    }

    [Fact]
    public void A_NaN_threshold_is_never_reached()
    {
        var settings = SensingFixtures.Alarm();
        settings.LowLelPct = double.NaN;
        settings.HighLelPct = double.NaN;
        var alarm = new AlarmStateMachine(settings);
        for (int i = 0; i < 5; i++) Assert.Equal(AlarmLevel.None, alarm.Update(90));
    }

    [Fact]
    public void Rate_of_rise_never_fires_while_the_slope_is_undefined()
    {
        // Documented: at least three samples spanning half the window before it can fire; until then the slope is NaN.
        // On nanoCLR a bare "NaN >= threshold" was true: a false alarm after every warm-up and reset (issue 10).
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        Assert.False(detector.Add(0, 0));
        Assert.False(detector.Add(10000, 5000));
        Assert.True(double.IsNaN(detector.SlopePpmPerMinute));
        detector.Reset();
        Assert.False(detector.Add(20000, 100000));
        Assert.True(double.IsNaN(detector.SlopePpmPerMinute));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Rate_of_rise_does_not_fire_on_a_non_finite_sample(double ppm)
    {
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        for (int i = 0; i < 4; i++) detector.Add(10000L * i, 0);
        Assert.False(detector.Add(40000, ppm));
    }

    [Theory]
    [InlineData(double.NaN, 60.0)]
    [InlineData(0.0, 60.0)]
    [InlineData(1000.0, double.NaN)]
    [InlineData(1000.0, 0.0)]
    public void Rate_of_rise_with_unusable_settings_never_fires(double threshold, double windowSeconds)
    {
        var settings = SensingFixtures.Alarm();
        settings.RateOfRisePpmPerMinute = threshold;
        settings.RateOfRiseWindowSeconds = windowSeconds;
        var detector = new RateOfRiseDetector(settings);
        for (int i = 0; i < 10; i++) Assert.False(detector.Add(10000L * i, 10000.0 * i));
    }

    [Theory]
    [InlineData(double.NaN, 10.0)]
    [InlineData(double.PositiveInfinity, 10.0)]
    [InlineData(4.0, double.NaN)]
    public void Baseline_does_not_learn_from_a_non_finite_sample(double rsR0, double ppm)
    {
        var tracker = new BaselineTracker(SensingFixtures.Filter(), SensingFixtures.Calibration());
        tracker.Update(rsR0, ppm, 1000);
        tracker.Update(rsR0, ppm, 101000);
        Assert.Equal(1.0, tracker.Correction);
    }

    [Fact]
    public void Baseline_restore_keeps_the_band_and_maps_NaN_to_no_correction()
    {
        var tracker = new BaselineTracker(SensingFixtures.Filter(), SensingFixtures.Calibration());
        tracker.Restore(double.NaN);
        Assert.Equal(1.0, tracker.Correction);
        tracker.Restore(Inf);
        Assert.Equal(1.3, tracker.Correction, 12);
        tracker.Restore(double.NegativeInfinity);
        Assert.Equal(0.7, tracker.Correction, 12);
    }

    [Fact]
    public void Baseline_with_a_zero_time_constant_jumps_to_the_target_instead_of_throwing()
    {
        // exp(−dt/0) = exp(−∞) = 0, so the weight is 1: the correction becomes target = 4.5 / 5, inside the ±30 % band.
        var filter = SensingFixtures.Filter();
        filter.BaselineTimeConstantSeconds = 0;
        var tracker = new BaselineTracker(filter, SensingFixtures.Calibration());
        tracker.Update(4.5, 10, 1000);
        tracker.Update(4.5, 10, 2000);
        Assert.Equal(0.9, tracker.Correction, 12);
    }

    [Fact]
    public void Median_rejects_an_isolated_NaN_like_a_spike()
    {
        var median = new MedianFilter(15, 3);
        median.Add(1.0);
        median.Add(2.0);
        Assert.Equal(2.0, median.Add(double.NaN)); // sorted 1, 2, NaN
        Assert.Equal(3.0, median.Add(3.0));        // 2, NaN, 3 → sorted 2, 3, NaN
        var one = new MedianFilter(15, 1);
        Assert.True(double.IsNaN(one.Add(double.NaN)));
    }

    [Fact]
    public void Median_orders_infinities()
    {
        var median = new MedianFilter(15, 3);
        median.Add(Inf);
        median.Add(double.NegativeInfinity);
        Assert.Equal(5.0, median.Add(5.0));
    }

    [Fact]
    public void Channel_treats_a_NaN_ADC_voltage_as_no_value_and_never_as_over_range()
    {
        var sensing = SensingFixtures.Sensing();
        sensing.WarmUpSeconds = 0;
        var channel = new MethaneChannel(SensingFixtures.Calibration(), SensingFixtures.Filter(), SensingFixtures.Alarm(), sensing);
        var reading = new Reading();
        for (int i = 0; i < 5; i++)
        {
            reading.Clear();
            channel.Process(1000L * (i + 1), true, 1000 + i, double.NaN, false, reading);
            Assert.False(reading.HasMethane);
            Assert.Equal(ReadingFlags.Saturated, reading.Flags & ReadingFlags.Saturated);
            Assert.Equal(AlarmLevel.None, reading.Alarm);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Every_double_setting_refuses_a_non_finite_value_naming_the_field(double bad)
    {
        string[] fields =
        {
            "calibration.loadResistorOhms", "calibration.circuitVolts", "calibration.r0Ohms", "calibration.lelPpm",
            "filter.emaAlpha", "filter.baselineTimeConstantSeconds", "alarm.highLelPct", "alarm.hysteresisLelPct",
            "sensing.temperatureMaxC", "sensing.humidityMaxPct",
        };
        foreach (var field in fields)
        {
            var board = ValidBoard();
            var s = board;
            switch (field)
            {
                case "calibration.loadResistorOhms": s.Calibration.LoadResistorOhms = bad; break;
                case "calibration.circuitVolts": s.Calibration.CircuitVolts = bad; break;
                case "calibration.r0Ohms": s.Calibration.R0Ohms = bad; break;
                case "calibration.lelPpm": s.Calibration.LelPpm = bad; break;
                case "filter.emaAlpha": s.Filter.EmaAlpha = bad; break;
                case "filter.baselineTimeConstantSeconds": s.Filter.BaselineTimeConstantSeconds = bad; break;
                case "alarm.highLelPct": s.Alarm.HighLelPct = bad; break;
                case "alarm.hysteresisLelPct": s.Alarm.HysteresisLelPct = bad; break;
                case "sensing.temperatureMaxC": s.Sensing.TemperatureMaxC = bad; break;
                default: s.Sensing.HumidityMaxPct = bad; break;
            }
            string? reason = board.Validate();
            Assert.NotNull(reason);
            Assert.StartsWith(field + " = ", reason);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Console_config_refuses_a_non_finite_whole_number(double bad)
    {
        var board = ValidBoard();
        var table = new ConfigTable(board, new DeviceSettings());
        int window = table.IndexOf("filter.medianWindow");
        string? reason = table.TrySetAt(window, bad);
        Assert.NotNull(reason);
        Assert.Contains("expected a whole number", reason);
        Assert.Equal(board.Filter.MedianWindow, table.GetAt(window));
    }

    private static BoardConfig ValidBoard()
    {
        var b = new BoardConfig { Name = "test", Mcu = "esp32" };
        b.I2c.BusId = 1; b.I2c.SdaPin = 21; b.I2c.SclPin = 22; b.I2c.FrequencyHz = 100000;
        b.Adc.Address = 0x48; b.Adc.FullScaleMillivolts = 4096; b.Adc.DataRateSps = 128; b.Adc.Channel = 0;
        b.EnvSensor.Address = 0x44;
        b.Calibration.CopyFrom(SensingFixtures.Calibration());
        b.Filter.CopyFrom(SensingFixtures.Filter());
        b.Alarm.CopyFrom(SensingFixtures.Alarm());
        b.Sensing.CopyFrom(SensingFixtures.Sensing());
        Assert.Null(b.Validate());
        return b;
    }
}
