using System.Device.Gpio;
using System.Threading;
using Methane.Firmware.Device.App.Board;

namespace Methane.Firmware.Device.App.Status
{
    /// <summary>
    /// Blink codes for the field (see README): the LED repeats N short blinks then a pause, N = the current <c>Code*</c> value.
    /// Steady on = waiting for provisioning on the console; one short flash every 3 s = running normally.
    /// </summary>
    public sealed class StatusLed
    {
        public const int CodeOk = 0;
        public const int CodeNoWifi = 1;
        public const int CodeClockNotSet = 2;
        public const int CodeTlsOrBrokerRefused = 3;
        public const int CodeSensorFault = 4;
        public const int CodeProvisioning = -1;

        private readonly GpioPin _pin;
        private int _code = CodeOk;

        /// <param name="pinNumber">GPIO of the LED (<see cref="BoardPins.StatusLed"/>); negative = no LED, the codes are ignored.</param>
        public StatusLed(int pinNumber)
        {
            if (pinNumber < 0)
            {
                return;
            }

            GpioController controller = new GpioController();
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(PinValue.Low);
            new Thread(Run).Start();
        }

        public int Code
        {
            get { return _code; }
            set { _code = value; }
        }

        private void Run()
        {
            while (true)
            {
                int code = _code;
                if (code == CodeProvisioning)
                {
                    _pin.Write(PinValue.High);
                    Thread.Sleep(500);
                    continue;
                }

                if (code == CodeOk)
                {
                    Flash(60);
                    Thread.Sleep(3000);
                    continue;
                }

                for (int i = 0; i < code; i++)
                {
                    Flash(200);
                    Thread.Sleep(250);
                }

                Thread.Sleep(1500);
            }
        }

        private void Flash(int ms)
        {
            _pin.Write(PinValue.High);
            Thread.Sleep(ms);
            _pin.Write(PinValue.Low);
        }
    }
}
