using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Tests.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Config;

/// <summary>Validate reasons name the field (board-file/shadow path), the value and the allowed range.</summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public void Valid_fixtures_pass()
    {
        Assert.Null(SensingFixtures.Calibration().Validate());
        Assert.Null(SensingFixtures.Filter().Validate());
        Assert.Null(SensingFixtures.Alarm().Validate());
        Assert.Null(SensingFixtures.Sensing().Validate());
    }

    [Fact]
    public void Calibration_reasons()
    {
        var c = SensingFixtures.Calibration();
        c.R0Ohms = 50;
        Assert.Equal("calibration.r0Ohms = 50: expected 100 to 1000000", c.Validate());
        c = SensingFixtures.Calibration();
        c.LoadResistorOhms = 100;   // TGS2611 RL ≥ 0.45 kΩ
        Assert.Equal("calibration.loadResistorOhms = 100: expected 450 to 1000000", c.Validate());
        c = SensingFixtures.Calibration();
        c.CurveB = 2.15;
        Assert.Equal("calibration.curveB = 2.15: expected -10 to -0.1", c.Validate());
        c = SensingFixtures.Calibration();
        c.LelPpm = 0;
        Assert.Equal("calibration.lelPpm = 0: expected > 0 and <= 1000000", c.Validate());
        c = SensingFixtures.Calibration();
        c.CurveA = double.NaN;
        Assert.Equal("calibration.curveA = NaN: expected > 0 and <= 1000000", c.Validate());
        c = SensingFixtures.Calibration();
        c.DividerRatio = 0.5;
        Assert.Equal("calibration.dividerRatio = 0.5: expected 1 to 100", c.Validate());
    }

    [Fact]
    public void Filter_reasons()
    {
        var f = SensingFixtures.Filter();
        f.MedianWindow = 17;
        Assert.Equal("filter.medianWindow = 17: expected 1 to 15", f.Validate());
        f.MedianWindow = 4;
        Assert.Equal("filter.medianWindow = 4: expected an odd number 1 to 15", f.Validate());
        f = SensingFixtures.Filter();
        f.EmaAlpha = 0;
        Assert.Equal("filter.emaAlpha = 0: expected > 0 and <= 1", f.Validate());
        f = SensingFixtures.Filter();
        f.StuckSampleCount = 1;
        Assert.Equal("filter.stuckSampleCount = 1: expected 0 (off) or 2 to 10000", f.Validate());
        f.StuckSampleCount = 0;
        Assert.Null(f.Validate());
        f.BaselineMaxCorrection = 0.95;
        Assert.Equal("filter.baselineMaxCorrection = 0.95: expected 0 to 0.9", f.Validate());
    }

    [Fact]
    public void Alarm_reasons_including_cross_field()
    {
        var a = SensingFixtures.Alarm();
        a.HighLelPct = 10;
        Assert.Equal("alarm.highLelPct = 10: expected > alarm.lowLelPct (10) and <= 100", a.Validate());
        a = SensingFixtures.Alarm();
        a.HysteresisLelPct = 10;
        Assert.Equal("alarm.hysteresisLelPct = 10: expected >= 0 and < alarm.lowLelPct (10)", a.Validate());
        a = SensingFixtures.Alarm();
        a.ConfirmSamples = 0;
        Assert.Equal("alarm.confirmSamples = 0: expected 1 to 100", a.Validate());
        a = SensingFixtures.Alarm();
        a.RateOfRiseWindowSeconds = 0.5;
        Assert.Equal("alarm.rateOfRiseWindowSeconds = 0.5: expected 1 to 3600", a.Validate());
    }

    [Fact]
    public void Sensing_reasons_and_plausibility()
    {
        var s = SensingFixtures.Sensing();
        Assert.True(s.IsPlausible(-10, 0));
        Assert.True(s.IsPlausible(40, 100));
        Assert.False(s.IsPlausible(40.01, 50));
        Assert.False(s.IsPlausible(20, -0.5));
        s.TemperatureMaxC = -20;
        Assert.Equal("sensing.temperatureMaxC = -20: expected > sensing.temperatureMinC (-10) and <= 125", s.Validate());
        s = SensingFixtures.Sensing();
        s.WarmUpSeconds = -1;
        Assert.Equal("sensing.warmUpSeconds = -1: expected 0 to 3600", s.Validate());
    }

    [Fact]
    public void Hardware_reasons()
    {
        var adc = new Ads1115Settings { Address = 0x80, FullScaleMillivolts = 4096, DataRateSps = 128, Channel = 0 };
        Assert.Equal("parts.ads1115.address = 0x80: expected 0x48 to 0x4B", adc.Validate());
        adc.Address = 0x49;
        adc.DataRateSps = 100;
        Assert.Equal("parts.ads1115.dataRateSps = 100: expected one of 8, 16, 32, 64, 128, 250, 475, 860", adc.Validate());
        adc.DataRateSps = 860;
        Assert.Null(adc.Validate());
        Assert.Equal("parts.sht4x.address = 0x40: expected 0x44 to 0x46", new Sht4xSettings { Address = 0x40 }.Validate());
        var bus = new I2cBusSettings { BusId = 1, SdaPin = 21, SclPin = 21, FrequencyHz = 100000 };
        Assert.Equal("i2c.sclPin = 21: expected a pin other than i2c.sdaPin (21)", bus.Validate());
    }

    [Fact]
    public void Copy_from_copies_every_field()
    {
        var source = SensingFixtures.Calibration();
        var target = new MethaneCalibration();
        target.CopyFrom(source);
        foreach (var field in typeof(MethaneCalibration).GetFields())
        {
            if (field.IsLiteral) { continue; }
            Assert.Equal(field.GetValue(source), field.GetValue(target));
        }
        var f = new FilterSettings(); f.CopyFrom(SensingFixtures.Filter());
        var a = new AlarmSettings(); a.CopyFrom(SensingFixtures.Alarm());
        var s = new SensingSettings(); s.CopyFrom(SensingFixtures.Sensing());
        foreach (var (src, dst) in new (object, object)[] { (SensingFixtures.Filter(), f), (SensingFixtures.Alarm(), a), (SensingFixtures.Sensing(), s) })
        {
            foreach (var field in src.GetType().GetFields())
            {
                if (field.IsLiteral || field.IsStatic) { continue; }
                Assert.Equal(field.GetValue(src), field.GetValue(dst));
            }
        }
    }
}
