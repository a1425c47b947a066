using System;
using System.Device.I2c;
using Methane.Firmware.Core.Bus;
using Methane.Firmware.Device.App.Board;
using nanoFramework.Hardware.Esp32;

namespace Methane.Firmware.Device.App.Adapters
{
    /// <summary>
    /// The core's <see cref="II2cDevice"/> over nanoFramework's <see cref="I2cDevice"/>. The caller's byte[] windows are
    /// wrapped in SpanByte views (no copy, no allocation beyond the struct); exceptions from the native driver become
    /// <see cref="I2cStatus.BusError"/> so a flaky bus never kills the measurement loop.
    /// </summary>
    public sealed class NanoI2cDevice : II2cDevice, IDisposable
    {
        private static bool s_pinsConfigured;
        private readonly I2cDevice _device;
        private readonly int _address;

        public NanoI2cDevice(int address)
        {
            ConfigureBusPins();
            _address = address;
            _device = I2cDevice.Create(new I2cConnectionSettings(BoardPins.I2cBusId, address));
        }

        /// <summary>ESP32 routes I2C to any GPIO: the pins must be assigned before the first I2cDevice is created.</summary>
        public static void ConfigureBusPins()
        {
            if (s_pinsConfigured)
            {
                return;
            }

            Configuration.SetPinFunction(BoardPins.I2cSda, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(BoardPins.I2cScl, DeviceFunction.I2C1_CLOCK);
            s_pinsConfigured = true;
        }

        public int Address
        {
            get { return _address; }
        }

        public I2cStatus Write(byte[] buffer, int offset, int count)
        {
            try
            {
                return I2cStatusMap.From(_device.Write(new SpanByte(buffer, offset, count)), count);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }
        }

        public I2cStatus Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return I2cStatusMap.From(_device.Read(new SpanByte(buffer, offset, count)), count);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }
        }

        public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            try
            {
                I2cTransferResult result = _device.WriteRead(
                    new SpanByte(writeBuffer, writeOffset, writeCount),
                    new SpanByte(readBuffer, readOffset, readCount));
                return I2cStatusMap.From(result, writeCount + readCount);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }
        }

        public void Dispose()
        {
            _device.Dispose();
        }
    }
}
