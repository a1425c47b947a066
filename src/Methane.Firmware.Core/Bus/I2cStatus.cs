namespace Methane.Firmware.Core.Bus
{
    /// <summary>Outcome of one I2C transfer. Drivers must tell these apart: a NACK is "chip absent or busy", a bus error is "wiring or noise".</summary>
    public enum I2cStatus
    {
        Ok = 0,
        /// <summary>The chip did not acknowledge its address (absent, or busy converting).</summary>
        AddressNack = 1,
        /// <summary>The chip acknowledged its address but not a data byte.</summary>
        DataNack = 2,
        /// <summary>Arbitration lost, clock-stretch timeout, or any other bus-level failure.</summary>
        BusError = 3,
    }
}
