namespace Methane.Firmware.Core.Devices.Sht4x
{
    /// <summary>One-byte I2C commands (SHT4x datasheet, "Command Overview"). Heater commands are not used by this firmware.</summary>
    public static class Command
    {
        /// <summary>Measure T and RH with high precision (high repeatability); 6 bytes to read.</summary>
        public const byte MeasureHighPrecision = 0xFD;
        /// <summary>Measure T and RH with medium precision; 6 bytes to read.</summary>
        public const byte MeasureMediumPrecision = 0xF6;
        /// <summary>Measure T and RH with lowest precision; 6 bytes to read.</summary>
        public const byte MeasureLowPrecision = 0xE0;
        /// <summary>Read the 32-bit serial number; 6 bytes to read (two words, each with its CRC).</summary>
        public const byte ReadSerialNumber = 0x89;
        /// <summary>Soft reset; no response.</summary>
        public const byte SoftReset = 0x94;
    }

    /// <summary>Measurement precision (repeatability) of the T/RH measurement commands.</summary>
    public enum Precision : byte
    {
        High = 0,
        Medium = 1,
        Low = 2,
    }
}
