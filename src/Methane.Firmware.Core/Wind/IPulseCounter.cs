using Methane.Firmware.Core.Devices;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// A hardware pulse counter on the anemometer's reed-switch input (ESP32: the PCNT unit through nanoFramework's
    /// GpioPulseCounter; host: the anemometer emulator). The count only grows from the counter's start.
    /// </summary>
    public interface IPulseCounter
    {
        /// <summary>Total pulses counted since start.</summary>
        DeviceStatus Read(out long count);
    }
}
