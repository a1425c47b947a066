using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Devices.Ads1115
{
    /// <summary>
    /// TI ADS1115 16-bit ADC, single-shot conversions through the Config register. Buffers are allocated once in the
    /// constructor; a conversion allocates nothing.
    /// </summary>
    public sealed class Ads1115
    {
        /// <summary>ADDR pin to GND. 0x49 (VDD), 0x4A (SDA), 0x4B (SCL) are the other choices.</summary>
        public const int DefaultAddress = 0x48;

        /// <summary>Conversion register value at positive full scale (0x7FFF).</summary>
        public const short PositiveFullScale = 0x7FFF;

        /// <summary>Conversion register value at negative full scale (0x8000).</summary>
        public const short NegativeFullScale = -0x8000;

        private readonly II2cDevice _device;
        private readonly IClock _clock;
        private readonly byte[] _write = new byte[3];
        private readonly byte[] _read = new byte[2];

        public Ads1115(II2cDevice device, IClock clock)
        {
            _device = device;
            _clock = clock;
            InputMultiplexer = InputMultiplexer.AIN0;
            MeasuringRange = MeasuringRange.FS4096;
            DataRate = DataRate.SPS128;
            MaxStatusPolls = 10;
            PollIntervalMilliseconds = 0;
        }

        /// <summary>MUX[2:0] used by <see cref="ReadSingleShot(out short)"/>. Default AIN0 against GND.</summary>
        public InputMultiplexer InputMultiplexer { get; set; }

        /// <summary>PGA[2:0]. Default ±4.096 V.</summary>
        public MeasuringRange MeasuringRange { get; set; }

        /// <summary>DR[2:0]. Default 128 SPS.</summary>
        public DataRate DataRate { get; set; }

        /// <summary>Status polls after the initial wait before giving up with <see cref="DeviceStatus.ConversionTimeout"/>.</summary>
        public int MaxStatusPolls { get; set; }

        /// <summary>Sleep between two status polls; 0 (default) = one eighth of the initial wait, at least 1 ms.</summary>
        public int PollIntervalMilliseconds { get; set; }

        /// <summary>Config word that starts one single-shot conversion with the current settings, comparator disabled.</summary>
        public ushort SingleShotConfig
        {
            get { return SingleShotConfigFor(InputMultiplexer); }
        }

        /// <summary>Config word that starts one single-shot conversion of <paramref name="mux"/>, comparator disabled.</summary>
        public ushort SingleShotConfigFor(InputMultiplexer mux)
        {
            return ConfigRegister.Compose(true, mux, MeasuringRange, DeviceMode.PowerDown, DataRate,
                ComparatorMode.Traditional, ComparatorPolarity.ActiveLow, ComparatorLatching.NonLatching, ComparatorQueue.Disable);
        }

        /// <summary>Input multiplexer setting for single-ended input AIN<paramref name="channel"/> (0..3) against GND.</summary>
        public static InputMultiplexer SingleEnded(int channel)
        {
            return (InputMultiplexer)((int)InputMultiplexer.AIN0 + (channel & 0x3));
        }

        /// <summary>Single-shot conversion of <see cref="InputMultiplexer"/>.</summary>
        public DeviceStatus ReadSingleShot(out short raw)
        {
            return ReadSingleShot(InputMultiplexer, out raw);
        }

        /// <summary>Single-shot conversion of single-ended input AIN<paramref name="channel"/> (0..3) against GND.</summary>
        public DeviceStatus ReadSingleShot(int channel, out short raw)
        {
            return ReadSingleShot(SingleEnded(channel), out raw);
        }

        /// <summary>
        /// Writes the config with OS=1, waits the conversion time for the data rate, polls OS until the chip reports idle
        /// (at most <see cref="MaxStatusPolls"/> reads), then reads the conversion register.
        /// </summary>
        public DeviceStatus ReadSingleShot(InputMultiplexer mux, out short raw)
        {
            raw = 0;
            DeviceStatus status = WriteRegister(Register.Config, SingleShotConfigFor(mux));
            if (status != DeviceStatus.Ok)
            {
                return status;
            }

            int waitMs = Ads1115Timing.ConversionWaitMilliseconds(DataRate);
            int pollMs = PollIntervalMilliseconds > 0 ? PollIntervalMilliseconds : (waitMs >= 16 ? waitMs / 8 : 1);
            _clock.Sleep(waitMs);
            ushort config;
            int polls = 0;
            while (true)
            {
                status = ReadRegister(Register.Config, out config);
                if (status != DeviceStatus.Ok)
                {
                    return status;
                }

                if (ConfigRegister.IsIdle(config))
                {
                    break;
                }

                polls++;
                if (polls >= MaxStatusPolls)
                {
                    return DeviceStatus.ConversionTimeout;
                }

                _clock.Sleep(pollMs);
            }

            ushort value;
            status = ReadRegister(Register.Conversion, out value);
            if (status == DeviceStatus.Ok)
            {
                raw = (short)value;
            }

            return status;
        }

        /// <summary>Pointer byte then the register MSB first, in one write.</summary>
        public DeviceStatus WriteRegister(Register register, ushort value)
        {
            _write[0] = (byte)register;
            _write[1] = (byte)(value >> 8);
            _write[2] = (byte)value;
            return (DeviceStatus)_device.Write(_write, 0, 3);
        }

        /// <summary>Sets the pointer, then reads the register MSB first (repeated START).</summary>
        public DeviceStatus ReadRegister(Register register, out ushort value)
        {
            _write[0] = (byte)register;
            I2cStatus status = _device.WriteRead(_write, 0, 1, _read, 0, 2);
            value = status == I2cStatus.Ok ? (ushort)((_read[0] << 8) | _read[1]) : (ushort)0;
            return (DeviceStatus)status;
        }

        /// <summary>Volts for a conversion result at the current <see cref="MeasuringRange"/>.</summary>
        public double ToVolts(short raw)
        {
            return ToVolts(raw, MeasuringRange);
        }

        /// <summary>V = raw · FSR / 32768 (one LSB is FSR/32768, e.g. 125 µV at ±4.096 V).</summary>
        public static double ToVolts(short raw, MeasuringRange range)
        {
            return raw * Ads1115Timing.FullScaleVolts(range) / 32768.0;
        }

        /// <summary>The chip clips at full scale: 0x7FFF or 0x8000 means the input was at or beyond ±FSR.</summary>
        public static bool IsSaturated(short raw)
        {
            return raw == PositiveFullScale || raw == NegativeFullScale;
        }
    }
}
