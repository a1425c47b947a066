namespace Methane.Firmware.Core.Bus
{
    /// <summary>
    /// One chip at one 7-bit address on an I2C bus. The device adapter wraps nanoFramework's I2cDevice;
    /// the host wraps a register-level chip emulator. Buffers are caller-owned: nothing here allocates.
    /// </summary>
    public interface II2cDevice
    {
        /// <summary>7-bit address this device answers on.</summary>
        int Address { get; }

        /// <summary>START, address+W, <paramref name="count"/> bytes from <paramref name="buffer"/>, STOP.</summary>
        I2cStatus Write(byte[] buffer, int offset, int count);

        /// <summary>START, address+R, <paramref name="count"/> bytes into <paramref name="buffer"/>, STOP.</summary>
        I2cStatus Read(byte[] buffer, int offset, int count);

        /// <summary>START, address+W, write bytes, repeated START, address+R, read bytes, STOP.</summary>
        I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount);
    }
}
