using System.Device.I2c;
using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Device.App.Adapters
{
    /// <summary>Translates nanoFramework's I2C transfer outcome into the core's <see cref="I2cStatus"/>.</summary>
    public static class I2cStatusMap
    {
        /// <param name="result">What System.Device.I2c reported.</param>
        /// <param name="expected">Bytes the call asked to move (write + read for WriteRead).</param>
        public static I2cStatus From(I2cTransferResult result, int expected)
        {
            switch (result.Status)
            {
                case I2cTransferStatus.FullTransfer:
                    // A full transfer that moved fewer bytes than asked is not a success the driver can trust.
                    return result.BytesTransferred == (uint)expected ? I2cStatus.Ok : I2cStatus.BusError;
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    return I2cStatus.AddressNack;
                case I2cTransferStatus.PartialTransfer:
                    // The chip acknowledged its address and then NACKed a data byte (BytesTransferred tells how far it got).
                    return I2cStatus.DataNack;
                case I2cTransferStatus.ClockStretchTimeout:
                case I2cTransferStatus.UnknownError:
                default:
                    return I2cStatus.BusError;
            }
        }
    }
}
