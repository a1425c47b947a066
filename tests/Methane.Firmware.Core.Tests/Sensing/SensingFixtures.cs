using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Tests.Sensing;

/// <summary>Round-number settings so that expectations can be computed by hand in the tests.</summary>
internal static class SensingFixtures
{
    public static MethaneCalibration Calibration() => new()
    {
        LoadResistorOhms = 10000, CircuitVolts = 5.0, DividerRatio = 1.0, R0Ohms = 10000,
        CurveA = 5000, CurveB = -2.0, CleanAirRsR0 = 5.0, LelPpm = 50000,
        ReferenceTemperatureC = 20, ReferenceHumidityPct = 65,
        TemperatureCoefficientPerC = -0.01, HumidityCoefficientPerPct = -0.002,
    };

    public static FilterSettings Filter() => new()
    {
        MedianWindow = 3, EmaAlpha = 0.5, StuckSampleCount = 3,
        BaselineCleanAirPpm = 1000, BaselineTimeConstantSeconds = 100, BaselineMaxCorrection = 0.3,
    };

    public static AlarmSettings Alarm() => new()
    {
        LowLelPct = 10, HighLelPct = 20, HysteresisLelPct = 2, ConfirmSamples = 3,
        RateOfRisePpmPerMinute = 1000, RateOfRiseWindowSeconds = 60,
    };

    public static SensingSettings Sensing() => new()
    {
        WarmUpSeconds = 150, TemperatureMinC = -10, TemperatureMaxC = 40, HumidityMinPct = 0, HumidityMaxPct = 100,
    };
}
