namespace Methane.Firmware.Core.Config
{
    /// <summary>The board's I2C controller and pins ("i2c.*"). Pin numbers are GPIO numbers of the board's MCU.</summary>
    public sealed class I2cBusSettings
    {
        public const string Section = "i2c";

        /// <summary>Highest GPIO number on any supported MCU (ESP32-S3: GPIO0..GPIO48; ESP32: GPIO0..GPIO39).</summary>
        public const int MaxGpio = 48;

        /// <summary>nanoFramework I2C bus id (ESP32 and ESP32-S3 have controllers 1 and 2).</summary>
        public int BusId;
        public int SdaPin;
        public int SclPin;
        public int FrequencyHz;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".busId", BusId, 1, 2)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".sdaPin", SdaPin, 0, MaxGpio)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".sclPin", SclPin, 0, MaxGpio)) != null) { return r; }
            if (SclPin == SdaPin)
            {
                return ConfigCheck.Reason(Section + ".sclPin", SclPin.ToString(), "a pin other than i2c.sdaPin (" + SdaPin.ToString() + ")");
            }
            // Standard mode 100 kHz .. Fast-mode Plus 1 MHz (ESP32 controller maximum); both chips support it.
            if ((r = ConfigCheck.Range(Section + ".frequencyHz", FrequencyHz, 10000, 1000000)) != null) { return r; }
            return null;
        }
    }
}
