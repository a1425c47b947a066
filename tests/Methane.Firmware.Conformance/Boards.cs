using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Wind;

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

        /// <summary>The values of boards/esp32-devkitc-met-davis6410.json (role met).</summary>
        public static BoardConfig Met()
        {
            BoardConfig b = DevKitC();
            b.Name = "esp32-devkitc-met-davis6410";
            b.Role = BoardConfig.RoleMet;
            WindSettings w = b.Wind;
            w.PulsePin = 25; w.MphPerHz = 2.25; w.MaxSpeedMs = 89; w.VaneChannel = 0; w.VaneExcitationVolts = 3.3;
            w.VaneOffsetDeg = 0; w.SampleMilliseconds = 1000; w.CalmSpeedMs = 0.5;
            SensingSettings s = b.Sensing;
            s.WarmUpSeconds = 0; s.TemperatureMinC = -40; s.TemperatureMaxC = 60; s.HumidityMinPct = 0; s.HumidityMaxPct = 100;
            return b;
        }

        /// <summary>DevKitC with the board file's ambient section (factory defaults, checksum computed).</summary>
        public static BoardConfig DevKitCAmbient()
        {
            BoardConfig b = DevKitC();
            b.HasAmbient = true;
            AmbientCalibration a = b.Ambient;
            a.Intercept = 818.5; a.LnRsSlope = -338.1; a.TemperatureSlope = -2.37; a.HumiditySlope = -4.9; a.TemperatureSquaredSlope = 0; a.TemperatureHumiditySlope = 0; a.DriftPerDay = 0;
            a.EpochDay = 20454; a.SigmaPpm = 0.5; a.Fitted = 0;
            a.Checksum = a.ComputeChecksum();
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
