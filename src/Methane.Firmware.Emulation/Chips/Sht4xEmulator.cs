using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Emulation.Chips;

/// <summary>
/// Register-level Sensirion SHT4x (datasheet "SHT4x", commands, timings and CRC written here independently of the core driver).
/// <list type="bullet">
/// <item>One-byte commands: 0xFD / 0xF6 / 0xE0 measure (max 8.3 / 4.5 / 1.6 ms, times <see cref="MeasurementTimeScale"/>),
/// 0x89 serial number, 0x94 soft reset (max 1 ms). Unknown command bytes and longer writes are NACKed (DataNack).</item>
/// <item>While measuring or resetting the chip does not acknowledge its address (read or write → AddressNack); a read with no
/// data pending is NACKed the same way. The result is consumed by the read that returns it.</item>
/// <item>Response: T msb, T lsb, CRC, RH msb, RH lsb, CRC; CRC-8 poly 0x31 init 0xFF. Bytes clocked beyond 6 read 0xFF.</item>
/// <item>Environment is sampled when the measurement command arrives: ticks = round((T + 45)·65535/175),
/// round((RH + 6)·65535/125), clipped to 0..65535.</item>
/// </list>
/// </summary>
public sealed class Sht4xEmulator : I2cChipEmulator
{
    private const int HighMicroseconds = 8300;
    private const int MediumMicroseconds = 4500;
    private const int LowMicroseconds = 1600;
    private const int ResetMicroseconds = 1000;

    private readonly byte[] _response = new byte[6];
    private State _state = State.Idle;
    private long _busyUntilMicroseconds;
    private bool _stuck;
    private int _stuckTemperatureTicks;
    private int _stuckHumidityTicks;
    private int _lastTemperatureTicks = -1;
    private int _lastHumidityTicks = -1;
    private int _crcCorruptRemaining;
    private bool _corruptFirstWord;
    private bool _corruptSecondWord;

    public Sht4xEmulator(ITimeSource time, uint serialNumber = 0x0B1C_2D3E) : base(time)
    {
        SerialNumber = serialNumber;
    }

    private enum State
    {
        Idle,
        Measuring,
        DataReady,
        Resetting,
    }

    public uint SerialNumber { get; set; }

    /// <summary>Air temperature the chip sees (°C), used when <see cref="TemperatureSource"/> is null.</summary>
    public double TemperatureCelsius { get; set; } = 25.0;

    /// <summary>Relative humidity the chip sees (%RH), used when <see cref="HumiditySource"/> is null.</summary>
    public double RelativeHumidityPercent { get; set; } = 50.0;

    /// <summary>Sampled when a measurement command arrives (e.g. a scenario); overrides <see cref="TemperatureCelsius"/>.</summary>
    public Func<double>? TemperatureSource { get; set; }

    /// <summary>Sampled when a measurement command arrives; overrides <see cref="RelativeHumidityPercent"/>.</summary>
    public Func<double>? HumiditySource { get; set; }

    /// <summary>1.0 = the datasheet maximum durations; &gt; 1 models a chip slower than specified.</summary>
    public double MeasurementTimeScale { get; set; } = 1.0;

    /// <summary>Every measurement started from now on yields both words 0xFFFF (High) or 0x0000 (Low), with valid CRCs.</summary>
    public AdcSaturation ForcedSaturation { get; set; }

    /// <summary>Measurement commands accepted.</summary>
    public int MeasurementsStarted { get; private set; }

    /// <summary>Soft resets accepted.</summary>
    public int SoftResets { get; private set; }

    /// <summary>
    /// Output frozen at its current value: the words of the last measurement (or of the present environment if there was none).
    /// Measurements still take their time and carry valid CRCs.
    /// </summary>
    public bool StuckOutput
    {
        get { lock (Gate) { return _stuck; } }
        set
        {
            lock (Gate)
            {
                if (value && !_stuck)
                {
                    _stuckTemperatureTicks = _lastTemperatureTicks >= 0 ? _lastTemperatureTicks : TemperatureTicks(CurrentTemperature());
                    _stuckHumidityTicks = _lastHumidityTicks >= 0 ? _lastHumidityTicks : HumidityTicks(CurrentHumidity());
                }

                _stuck = value;
            }
        }
    }

    /// <summary>
    /// The next <paramref name="reads"/> data reads (or every one, with <see cref="Forever"/>) return the CRC of the chosen
    /// words inverted. A data read is one that returns a measurement or the serial number.
    /// </summary>
    public void CorruptCrc(int reads = Forever, bool firstWord = true, bool secondWord = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reads);
        lock (Gate)
        {
            _crcCorruptRemaining = reads;
            _corruptFirstWord = firstWord;
            _corruptSecondWord = secondWord;
        }
    }

    public void ClearCrcCorruption() => CorruptCrc(0);

    /// <summary>Datasheet conversion inverted: ticks for a temperature, rounded and clipped to 16 bits.</summary>
    public static int TemperatureTicks(double celsius) => ClipTicks((celsius + 45.0) * 65535.0 / 175.0);

    /// <summary>Datasheet conversion inverted: ticks for a relative humidity, rounded and clipped to 16 bits.</summary>
    public static int HumidityTicks(double percent) => ClipTicks((percent + 6.0) * 65535.0 / 125.0);

    /// <summary>CRC-8, polynomial 0x31, initial value 0xFF, no reflection, no final XOR.</summary>
    public static byte Crc8(byte msb, byte lsb)
    {
        int crc = 0xFF;
        crc = Crc8Step(crc ^ msb);
        crc = Crc8Step(crc ^ lsb);
        return (byte)crc;
    }

    protected override I2cStatus OnWrite(ReadOnlySpan<byte> data)
    {
        UpdateState();
        if (_state is State.Measuring or State.Resetting)
        {
            return I2cStatus.AddressNack;
        }

        if (data.Length == 0)
        {
            return I2cStatus.Ok;
        }

        if (data.Length > 1)
        {
            return I2cStatus.DataNack;
        }

        switch (data[0])
        {
            case 0xFD:
                StartMeasurement(HighMicroseconds);
                return I2cStatus.Ok;
            case 0xF6:
                StartMeasurement(MediumMicroseconds);
                return I2cStatus.Ok;
            case 0xE0:
                StartMeasurement(LowMicroseconds);
                return I2cStatus.Ok;
            case 0x89:
                FillResponse((int)(SerialNumber >> 16), (int)(SerialNumber & 0xFFFF));
                _state = State.DataReady;
                return I2cStatus.Ok;
            case 0x94:
                _state = State.Resetting;
                _busyUntilMicroseconds = Time.NowMicroseconds + ResetMicroseconds;
                SoftResets++;
                return I2cStatus.Ok;
            default:
                return I2cStatus.DataNack;
        }
    }

    protected override I2cStatus OnRead(Span<byte> data)
    {
        UpdateState();
        if (_state != State.DataReady)
        {
            return I2cStatus.AddressNack;
        }

        bool corrupt = _crcCorruptRemaining > 0;
        if (corrupt && _crcCorruptRemaining != Forever)
        {
            _crcCorruptRemaining--;
        }

        for (int i = 0; i < data.Length; i++)
        {
            byte b = i < 6 ? _response[i] : (byte)0xFF;
            if (corrupt && ((i == 2 && _corruptFirstWord) || (i == 5 && _corruptSecondWord)))
            {
                b = (byte)~b;
            }

            data[i] = b;
        }

        _state = State.Idle;
        return I2cStatus.Ok;
    }

    private void StartMeasurement(int maxMicroseconds)
    {
        int t;
        int h;
        if (_stuck)
        {
            t = _stuckTemperatureTicks;
            h = _stuckHumidityTicks;
        }
        else if (ForcedSaturation == AdcSaturation.High)
        {
            t = 0xFFFF;
            h = 0xFFFF;
        }
        else if (ForcedSaturation == AdcSaturation.Low)
        {
            t = 0;
            h = 0;
        }
        else
        {
            t = TemperatureTicks(CurrentTemperature());
            h = HumidityTicks(CurrentHumidity());
        }

        _lastTemperatureTicks = t;
        _lastHumidityTicks = h;
        FillResponse(t, h);
        _state = State.Measuring;
        _busyUntilMicroseconds = Time.NowMicroseconds + (long)Math.Ceiling(maxMicroseconds * MeasurementTimeScale);
        MeasurementsStarted++;
    }

    private void UpdateState()
    {
        if ((_state == State.Measuring || _state == State.Resetting) && Time.NowMicroseconds >= _busyUntilMicroseconds)
        {
            _state = _state == State.Measuring ? State.DataReady : State.Idle;
        }
    }

    private void FillResponse(int first, int second)
    {
        _response[0] = (byte)(first >> 8);
        _response[1] = (byte)first;
        _response[2] = Crc8(_response[0], _response[1]);
        _response[3] = (byte)(second >> 8);
        _response[4] = (byte)second;
        _response[5] = Crc8(_response[3], _response[4]);
    }

    private double CurrentTemperature() => TemperatureSource?.Invoke() ?? TemperatureCelsius;

    private double CurrentHumidity() => HumiditySource?.Invoke() ?? RelativeHumidityPercent;

    private static int ClipTicks(double ticks)
    {
        if (double.IsNaN(ticks))
        {
            return 0xFFFF;
        }

        double rounded = Math.Round(ticks, MidpointRounding.AwayFromZero);
        return rounded <= 0 ? 0 : rounded >= 65535 ? 0xFFFF : (int)rounded;
    }

    private static int Crc8Step(int crc)
    {
        for (int bit = 0; bit < 8; bit++)
        {
            crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
        }

        return crc;
    }
}
