namespace Methane.Firmware.Core.Devices
{
    /// <summary>
    /// Outcome of one driver operation. The first four values equal <see cref="Bus.I2cStatus"/> so a bus status casts directly.
    /// </summary>
    public enum DeviceStatus
    {
        Ok = 0,
        /// <summary>The chip did not acknowledge its address (absent, or busy).</summary>
        AddressNack = 1,
        /// <summary>The chip acknowledged its address but not a data byte.</summary>
        DataNack = 2,
        /// <summary>Bus-level failure (arbitration, clock-stretch timeout, wiring).</summary>
        BusError = 3,
        /// <summary>A received word failed its CRC-8 (SHT4x).</summary>
        CrcError = 4,
        /// <summary>The conversion did not finish within the bounded number of status polls (ADS1115).</summary>
        ConversionTimeout = 5,
    }
}
