using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.IO.Ports;
using System.Text;
using System.Threading;
using Methane.Firmware.Device.App.Board;
using Methane.Firmware.Device.Boot;
using nanoFramework.Hardware.Esp32;

namespace Methane.Firmware.Device.Loader
{
    /// <summary>
    /// The loader's report to the technician in a Release build: "LOADER ..." and "STATUS ..." lines on the console UART of
    /// the board file (Debug.WriteLine is compiled out of Release) and, on a board with a status LED, the blink code while the
    /// loader waits. The port is closed again before the application starts, which opens it for its own console.
    /// </summary>
    public sealed class BootReport : IDisposable
    {
        private SerialPort _port;

        public BootReport()
        {
            try
            {
                Configuration.SetPinFunction(BoardPins.ConsoleRx, DeviceFunction.COM2_RX);
                Configuration.SetPinFunction(BoardPins.ConsoleTx, DeviceFunction.COM2_TX);
                _port = new SerialPort(BoardPins.ConsolePort, BoardPins.ConsoleBaud);
                _port.WriteTimeout = 1000;
                _port.Open();
            }
            catch (Exception)
            {
                _port = null; // no console: the lines still go to the debug output
            }
        }

        public void Line(string text)
        {
            string line = "INFO  LOADER " + text;
            Debug.WriteLine(line);
            Write(line);
        }

        public void Status(int code, string detail)
        {
            string line = "INFO  STATUS " + StatusCodes.Name(code) + (detail == null ? string.Empty : " " + detail);
            Debug.WriteLine(line);
            Write(line);
        }

        /// <summary>
        /// Shows <paramref name="code"/> on the status LED <paramref name="pin"/> (negative: the board has none, just wait) for
        /// about <paramref name="ms"/>. Called with BoardPins.StatusLed / StatusLedActiveHigh.
        /// </summary>
        public static void BlinkFor(int pin, bool activeHigh, int code, int ms)
        {
            if (pin < 0)
            {
                Thread.Sleep(ms);
                return;
            }

            PinValue on = activeHigh ? PinValue.High : PinValue.Low;
            PinValue off = activeHigh ? PinValue.Low : PinValue.High;
            using (GpioController gpio = new GpioController())
            {
                GpioPin led = gpio.OpenPin(pin, PinMode.Output);
                int waited = 0;
                while (waited < ms)
                {
                    for (int i = 0; i < code; i++)
                    {
                        led.Write(on);
                        Thread.Sleep(200);
                        led.Write(off);
                        Thread.Sleep(250);
                        waited += 450;
                    }

                    Thread.Sleep(1500);
                    waited += 1500;
                }
            }
        }

        public void Dispose()
        {
            SerialPort port = _port;
            _port = null;
            if (port != null)
            {
                try
                {
                    port.Close();
                    port.Dispose();
                }
                catch (Exception)
                {
                    // closing a console nobody listens to must not stop the boot
                }
            }
        }

        private void Write(string line)
        {
            if (_port == null)
            {
                return;
            }

            try
            {
                byte[] bytes = Encoding.UTF8.GetBytes(line + "\r\n");
                _port.Write(bytes, 0, bytes.Length);
            }
            catch (Exception)
            {
                // a console with nobody attached must never stop the boot
            }
        }
    }
}
