using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Ads1115;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Text;
using Methane.Firmware.Core.Time;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// Talks to both chips directly (own driver instances over the same bus devices, outside the filter chain): SHT4x serial
    /// number and one measurement, ADS1115 config register and one conversion. Reports one line per chip.
    /// </summary>
    public sealed class SelfTest
    {
        private readonly BoardConfig _board;
        private readonly Ads1115 _adc;
        private readonly Sht4x _env;

        public SelfTest(BoardConfig board, II2cDevice adcDevice, II2cDevice envDevice, IClock clock)
        {
            _board = board;
            _adc = new Ads1115(adcDevice, clock);
            _env = new Sht4x(envDevice, clock);
        }

        public DeviceStatus EnvironmentStatus { get; private set; }
        public DeviceStatus AdcStatus { get; private set; }
        /// <summary>Ok when there is no anemometer (gas role).</summary>
        public DeviceStatus AnemometerStatus { get; private set; }
        public bool Passed
        {
            get { return EnvironmentStatus == DeviceStatus.Ok && AdcStatus == DeviceStatus.Ok && AnemometerStatus == DeviceStatus.Ok; }
        }

        /// <summary>The met station's pulse counter (set it on a met-station board: a third line checks it).</summary>
        public IPulseCounter Anemometer { get; set; }

        /// <summary>Runs both checks; returns two lines ("sht4x@0x44 ok …\nads1115@0x48 FAIL …").</summary>
        public string Run()
        {
            string lines = RunEnvironment() + "\n" + RunAdc();
            AnemometerStatus = DeviceStatus.Ok;
            if (_board.IsMetStation) lines += "\n" + RunAnemometer();
            return lines;
        }

        private string RunEnvironment()
        {
            string name = "sht4x@" + TextFormat.Hex(_board.EnvSensor.Address, 2);
            uint serial;
            DeviceStatus s = _env.ReadSerialNumber(out serial);
            if (s != DeviceStatus.Ok)
            {
                EnvironmentStatus = s;
                return name + " FAIL serial number: " + StatusText.Device(s);
            }
            int t;
            int h;
            s = _env.Measure(out t, out h);
            EnvironmentStatus = s;
            if (s != DeviceStatus.Ok) return name + " FAIL measurement: " + StatusText.Device(s);
            return name + " ok serial " + TextFormat.Hex(serial, 8) + ", " + TextFormat.Fixed(Sht4xConversion.TemperatureCelsius(t), 2)
                + " C, " + TextFormat.Fixed(Sht4xConversion.RelativeHumidityPercent(h), 2) + " %RH";
        }

        private string RunAdc()
        {
            string name = "ads1115@" + TextFormat.Hex(_board.Adc.Address, 2);
            ushort config;
            DeviceStatus s = _adc.ReadRegister(Register.Config, out config);
            if (s != DeviceStatus.Ok)
            {
                AdcStatus = s;
                return name + " FAIL config register: " + StatusText.Device(s);
            }
            _adc.MeasuringRange = (MeasuringRange)IndexOf(Ads1115Settings.FullScaleMillivoltsAllowed, _board.Adc.FullScaleMillivolts);
            _adc.DataRate = (DataRate)IndexOf(Ads1115Settings.DataRatesAllowed, _board.Adc.DataRateSps);
            short raw;
            int channel = _board.IsMetStation ? _board.Wind.VaneChannel : _board.Adc.Channel;
            s = _adc.ReadSingleShot(channel, out raw);
            AdcStatus = s;
            if (s != DeviceStatus.Ok) return name + " FAIL conversion: " + StatusText.Device(s);
            string line = name + " ok AIN" + TextFormat.Int(channel) + " raw " + TextFormat.Int(raw) + " = "
                + TextFormat.Fixed(_adc.ToVolts(raw), 4) + " V" + (Ads1115.IsSaturated(raw) ? " (SATURATED)" : "");
            if (!_board.IsMetStation) return line;
            double volts = _adc.ToVolts(raw);
            WindSettings w = _board.Wind;
            if (volts < -MetStation.VaneToleranceVolts || volts > w.VaneExcitationVolts + MetStation.VaneToleranceVolts)
            {
                AdcStatus = DeviceStatus.BusError;
                return name + " FAIL wind vane AIN" + TextFormat.Int(channel) + " " + TextFormat.Fixed(volts, 3) + " V outside 0 .. "
                    + TextFormat.Fixed(w.VaneExcitationVolts, 3) + " V (open wiper or short)";
            }
            return line + ", vane " + TextFormat.Fixed(Davis6410.DirectionDeg(volts, w.VaneExcitationVolts, w.VaneOffsetDeg), 1) + " deg";
        }

        private string RunAnemometer()
        {
            string name = "anemometer@GPIO" + TextFormat.Int(_board.Wind.PulsePin);
            if (Anemometer == null)
            {
                AnemometerStatus = DeviceStatus.AddressNack;
                return name + " FAIL no pulse counter configured";
            }
            long count;
            DeviceStatus s = Anemometer.Read(out count);
            AnemometerStatus = s;
            if (s != DeviceStatus.Ok) return name + " FAIL pulse counter: " + StatusText.Device(s);
            return name + " ok " + TextFormat.Int(count) + " pulses since start (a still anemometer passes too: pulses need wind)";
        }

        private static int IndexOf(int[] allowed, int value)
        {
            for (int i = 0; i < allowed.Length; i++)
            {
                if (allowed[i] == value) return i;
            }
            return 0;
        }
    }
}
