using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Conformance
{
    /// <summary>The values of boards/esp32-devkitc-tgs2611.json, typed in (the program reads no files on the device).</summary>
    public static class Boards
    {
        public static BoardConfig DevKitC()
        {
            BoardConfig b = new BoardConfig();
            b.Name = "esp32-devkitc-tgs2611";
            b.Mcu = "esp32";
            b.I2c.BusId = 1; b.I2c.SdaPin = 21; b.I2c.SclPin = 22; b.I2c.FrequencyHz = 100000;
            b.Adc.Address = 0x48; b.Adc.FullScaleMillivolts = 4096; b.Adc.DataRateSps = 128; b.Adc.Channel = 0;
            b.EnvSensor.Address = 0x44;
            MethaneCalibration c = b.Calibration;
            c.LoadResistorOhms = 10000; c.CircuitVolts = 5.0; c.DividerRatio = 2.0; c.R0Ohms = 2200; c.CurveA = 5000; c.CurveB = -2.1507;
            c.CleanAirRsR0 = 5.0; c.LelPpm = 50000; c.ReferenceTemperatureC = 20; c.ReferenceHumidityPct = 65;
            c.TemperatureCoefficientPerC = -0.007; c.HumidityCoefficientPerPct = -0.0025;
            FilterSettings f = b.Filter;
            f.MedianWindow = 5; f.EmaAlpha = 0.3; f.StuckSampleCount = 60; f.BaselineCleanAirPpm = 1000;
            f.BaselineTimeConstantSeconds = 86400; f.BaselineMaxCorrection = 0.3;
            AlarmSettings a = b.Alarm;
            a.LowLelPct = 10; a.HighLelPct = 20; a.HysteresisLelPct = 2; a.ConfirmSamples = 3;
            a.RateOfRisePpmPerMinute = 1000; a.RateOfRiseWindowSeconds = 60;
            SensingSettings s = b.Sensing;
            s.WarmUpSeconds = 150; s.TemperatureMinC = -10; s.TemperatureMaxC = 40; s.HumidityMinPct = 0; s.HumidityMaxPct = 100;
            return b;
        }

        /// <summary>The first part of a Validate reason ("calibration.lelPpm"), or "ok": the value part uses double.ToString.</summary>
        public static string Field(string reason)
        {
            if (reason == null) { return "ok"; }
            int end = reason.IndexOf(" = ");
            return end < 0 ? reason : reason.Substring(0, end);
        }
    }
}
