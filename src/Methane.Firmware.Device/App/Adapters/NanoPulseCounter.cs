using System;
using System.Device.Gpio;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Device.App.Adapters
{
    /// <summary>
    /// The core's <see cref="IPulseCounter"/> over nanoFramework's GpioPulseCounter (nanoFramework.Hardware.Esp32: the ESP32's
    /// PCNT hardware counter, so no reed-switch closure is missed between the loop's 1 Hz reads). Counts falling edges: the
    /// Davis 6410's reed switch pulls the input (internal pull-up, 10 nF to ground) low once per revolution. FilterPulses
    /// rejects glitches shorter than the PCNT filter (the bounce of the switch), far below a revolution at 89 m/s (~90 Hz).
    /// A native exception becomes BusError so a fault never stops the loop.
    /// </summary>
    public sealed class NanoPulseCounter : IPulseCounter, IDisposable
    {
        private readonly GpioPulseCounter _counter;

        public NanoPulseCounter(int pin)
        {
            _counter = new GpioPulseCounter(pin);
            _counter.Polarity = GpioPulsePolarity.Falling;
            _counter.FilterPulses = 1000;
            _counter.Start();
        }

        public DeviceStatus Read(out long count)
        {
            try
            {
                GpioPulseCount c = _counter.Read();
                count = c.Count;
                return DeviceStatus.Ok;
            }
            catch (Exception)
            {
                count = 0;
                return DeviceStatus.BusError;
            }
        }

        public void Dispose()
        {
            _counter.Stop();
            _counter.Dispose();
        }
    }
}
