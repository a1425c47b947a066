using Methane.Firmware.Core.Config;
using Methane.Firmware.Device.App.Board;

namespace Methane.Firmware.Device.App.Settings
{
    /// <summary>
    /// The reference board's configuration as constants: boards/esp32-devkitc-tgs2611.json written out for the device (which
    /// does not parse board files). Stored settings (console, shadow) are applied on top of these at boot; a factory reset
    /// returns to them. A different board needs its own copy of this file and of <see cref="BoardPins"/>.
    /// </summary>
    public static class BoardDefaults
    {
        public const string BoardName = "esp32-devkitc-tgs2611";

        public static BoardConfig Create()
        {
            BoardConfig b = new BoardConfig();
            b.Name = BoardName;
            b.Mcu = "esp32";
            b.I2c.BusId = BoardPins.I2cBusId;
            b.I2c.SdaPin = BoardPins.I2cSda;
            b.I2c.SclPin = BoardPins.I2cScl;
            b.I2c.FrequencyHz = 100000;
            b.Adc.Address = BoardPins.Ads1115Address;
            b.Adc.FullScaleMillivolts = 4096;
            b.Adc.DataRateSps = 128;
            b.Adc.Channel = 0;
            b.EnvSensor.Address = BoardPins.Sht4xAddress;

            MethaneCalibration c = b.Calibration;
            c.LoadResistorOhms = 10000;
            c.CircuitVolts = 5.0;
            c.DividerRatio = 2.0;
            c.R0Ohms = 2200;
            c.CurveA = 5000;
            c.CurveB = -2.1507;
            c.CleanAirRsR0 = 5.0;
            c.LelPpm = 50000;
            c.ReferenceTemperatureC = 20;
            c.ReferenceHumidityPct = 65;
            c.TemperatureCoefficientPerC = -0.007;
            c.HumidityCoefficientPerPct = -0.0025;

            FilterSettings f = b.Filter;
            f.MedianWindow = 5;
            f.EmaAlpha = 0.3;
            f.StuckSampleCount = 60;
            f.BaselineCleanAirPpm = 1000;
            f.BaselineTimeConstantSeconds = 86400;
            f.BaselineMaxCorrection = 0.3;

            AlarmSettings a = b.Alarm;
            a.LowLelPct = 10;
            a.HighLelPct = 20;
            a.HysteresisLelPct = 2;
            a.ConfirmSamples = 3;
            a.RateOfRisePpmPerMinute = 1000;
            a.RateOfRiseWindowSeconds = 60;

            SensingSettings s = b.Sensing;
            s.WarmUpSeconds = 150;
            s.TemperatureMinC = -10;
            s.TemperatureMaxC = 40;
            s.HumidityMinPct = 0;
            s.HumidityMaxPct = 100;
            return b;
        }
    }
}
