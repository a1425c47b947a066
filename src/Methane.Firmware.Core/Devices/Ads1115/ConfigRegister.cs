namespace Methane.Firmware.Core.Devices.Ads1115
{
    /// <summary>
    /// Bit fields of the Config register (ADS111x datasheet, "Config Register (P[1:0] = 01h)").
    /// Bit 15 OS, 14:12 MUX[2:0], 11:9 PGA[2:0], 8 MODE, 7:5 DR[2:0], 4 COMP_MODE, 3 COMP_POL, 2 COMP_LAT, 1:0 COMP_QUE[1:0].
    /// </summary>
    public static class ConfigRegister
    {
        public const ushort ResetValue = 0x8583;

        /// <summary>Write: 1 starts a single conversion (from power-down). Read: 0 = converting, 1 = idle.</summary>
        public const ushort OsMask = 0x8000;
        public const int OsShift = 15;
        public const ushort MuxMask = 0x7000;
        public const int MuxShift = 12;
        public const ushort PgaMask = 0x0E00;
        public const int PgaShift = 9;
        public const ushort ModeMask = 0x0100;
        public const int ModeShift = 8;
        public const ushort DrMask = 0x00E0;
        public const int DrShift = 5;
        public const ushort CompModeMask = 0x0010;
        public const int CompModeShift = 4;
        public const ushort CompPolMask = 0x0008;
        public const int CompPolShift = 3;
        public const ushort CompLatMask = 0x0004;
        public const int CompLatShift = 2;
        public const ushort CompQueMask = 0x0003;
        public const int CompQueShift = 0;

        /// <summary>Composes a config word from its fields.</summary>
        public static ushort Compose(bool startSingleShot, InputMultiplexer mux, MeasuringRange range, DeviceMode mode, DataRate rate,
            ComparatorMode comparatorMode, ComparatorPolarity polarity, ComparatorLatching latching, ComparatorQueue queue)
        {
            int value = (startSingleShot ? 1 : 0) << OsShift
                | ((int)mux & 0x7) << MuxShift
                | ((int)range & 0x7) << PgaShift
                | ((int)mode & 0x1) << ModeShift
                | ((int)rate & 0x7) << DrShift
                | ((int)comparatorMode & 0x1) << CompModeShift
                | ((int)polarity & 0x1) << CompPolShift
                | ((int)latching & 0x1) << CompLatShift
                | ((int)queue & 0x3) << CompQueShift;
            return (ushort)value;
        }

        /// <summary>True when the OS bit of a config word read back from the chip says no conversion is running.</summary>
        public static bool IsIdle(ushort config)
        {
            return (config & OsMask) != 0;
        }
    }
}
