using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Core.Config
{
    /// <summary>Everything a board file says, as the core uses it. Filled by the host loader or the device's config store.</summary>
    public sealed class BoardConfig
    {
        /// <summary>Board identifier (the board file name without extension).</summary>
        public string Name;
        /// <summary>"esp32" or "esp32-s3".</summary>
        public string Mcu;
        public readonly I2cBusSettings I2c = new I2cBusSettings();
        public readonly Ads1115Settings Adc = new Ads1115Settings();
        public readonly Sht4xSettings EnvSensor = new Sht4xSettings();
        public readonly MethaneCalibration Calibration = new MethaneCalibration();
        public readonly FilterSettings Filter = new FilterSettings();
        public readonly AlarmSettings Alarm = new AlarmSettings();
        public readonly SensingSettings Sensing = new SensingSettings();
        /// <summary>"gas" (TGS2611 methane sensor, the default) or "met" (met station: anemometer + vane). One firmware image, the board file decides.</summary>
        public string Role = RoleGas;
        /// <summary>Ambient-range methane model (gas role); <see cref="HasAmbient"/> false when the board file has no ambient section.</summary>
        public readonly AmbientCalibration Ambient = new AmbientCalibration();
        public bool HasAmbient;
        /// <summary>Anemometer, vane and wind sampling (met role).</summary>
        public readonly WindSettings Wind = new WindSettings();

        public const string RoleGas = "gas";
        public const string RoleMet = "met";

        public bool IsMetStation { get { return Role == RoleMet; } }

        /// <summary>Null when the whole board is consistent, else the first reason found.</summary>
        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.NotEmpty("name", Name)) != null) { return r; }
            if (Mcu != "esp32" && Mcu != "esp32-s3")
            {
                return ConfigCheck.Reason("mcu", Mcu == null ? "null" : "\"" + Mcu + "\"", "\"esp32\" or \"esp32-s3\"");
            }
            if ((r = I2c.Validate()) != null) { return r; }
            // Plain ESP32: GPIO34..39 are input-only, so I2C (open-drain outputs) can use GPIO0..GPIO33 only.
            if (Mcu == "esp32")
            {
                if ((r = ConfigCheck.Range(I2cBusSettings.Section + ".sdaPin", I2c.SdaPin, 0, 33)) != null) { return r; }
                if ((r = ConfigCheck.Range(I2cBusSettings.Section + ".sclPin", I2c.SclPin, 0, 33)) != null) { return r; }
            }
            if (Role != RoleGas && Role != RoleMet)
            {
                return ConfigCheck.Reason("role", Role == null ? "null" : "\"" + Role + "\"", "\"gas\" or \"met\"");
            }
            if ((r = Adc.Validate()) != null) { return r; }
            if ((r = EnvSensor.Validate()) != null) { return r; }
            // A met station has no methane sensor: its board file has no calibration, filter or alarm section.
            if (!IsMetStation)
            {
                if ((r = Calibration.Validate()) != null) { return r; }
                if ((r = Filter.Validate()) != null) { return r; }
                if ((r = Alarm.Validate()) != null) { return r; }
            }
            if ((r = Sensing.Validate()) != null) { return r; }
            if (HasAmbient && (r = Ambient.Validate()) != null) { return r; }
            if (IsMetStation)
            {
                if ((r = Wind.Validate()) != null) { return r; }
                if (Mcu == "esp32" && (r = ConfigCheck.Range(WindSettings.AnemometerSection + ".pulsePin", Wind.PulsePin, 0, 39)) != null) { return r; }
            }
            return null;
        }
    }
}
