using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Conformance
{
    /// <summary>The anemometer's pulse counter as the script sets it: a running total, or a failing read.</summary>
    public sealed class FakePulseCounter : IPulseCounter
    {
        public long Count;
        public DeviceStatus Status = DeviceStatus.Ok;

        public DeviceStatus Read(out long count)
        {
            count = Status == DeviceStatus.Ok ? Count : 0;
            return Status;
        }
    }
}
