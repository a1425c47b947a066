using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Emulation.Chips;

/// <summary>
/// Register-level TI ADS1115 (ADS111x datasheet, SBAS444). Bit positions and tables are written here from the datasheet,
/// independently of the core driver, so driver tests against this emulator check both against the document.
/// <list type="bullet">
/// <item>Pointer semantics: a 1-byte write sets the Address Pointer (P[1:0]); a 3-byte write sets the pointer and writes
/// the register MSB first; a read returns the pointed register MSB first (and repeats it if more bytes are clocked).</item>
/// <item>Config resets to 0x8583, Lo_thresh to 0x8000, Hi_thresh to 0x7FFF, Conversion to 0x0000.</item>
/// <item>Writing OS=1 in power-down mode starts one conversion lasting 1/DR (times <see cref="ConversionTimeScale"/>);
/// meanwhile OS reads 0 and the Conversion register keeps the previous result.</item>
/// <item>MODE=0 (continuous): a conversion completes every 1/DR; OS reads 0; the Conversion register holds the input
/// sampled when the latest period ended (sampled on access, so only the latest completed period counts).</item>
/// <item>The input is sampled when the conversion starts: code = round(V·32768/FSR), clipped to 0x7FFF / 0x8000.</item>
/// </list>
/// Strictness where the datasheet is silent: nonzero reserved pointer bits 7:2 and writes longer than 3 bytes are NACKed
/// (DataNack); a 2-byte write only sets the pointer; writes to the read-only Conversion register are ignored.
/// </summary>
public sealed class Ads1115Emulator : I2cChipEmulator
{
    public const ushort ConfigResetValue = 0x8583;
    public const ushort LoThreshResetValue = 0x8000;
    public const ushort HiThreshResetValue = 0x7FFF;

    private static readonly int[] SamplesPerSecond = { 8, 16, 32, 64, 128, 250, 475, 860 };
    private static readonly double[] FullScaleVolts = { 6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256 };

    private readonly double[] _inputVolts = new double[4];
    private readonly Func<double>?[] _inputSources = new Func<double>?[4];

    private int _pointer;
    private ushort _config;
    private ushort _loThresh;
    private ushort _hiThresh;
    private ushort _conversion;
    private bool _converting;
    private long _conversionEndMicroseconds;
    private ushort _pendingResult;
    private bool _stuck;
    private bool _continuous;
    private long _continuousPeriodMicroseconds;
    private long _nextContinuousEndMicroseconds;

    public Ads1115Emulator(ITimeSource time) : base(time)
    {
        PowerOnReset();
    }

    /// <summary>1.0 = exactly 1/DR. The datasheet allows ±10 % data-rate error; &gt; 1 models a slow chip.</summary>
    public double ConversionTimeScale { get; set; } = 1.0;

    /// <summary>Output frozen: conversions still run (OS toggles) but the Conversion register keeps its current value.</summary>
    public bool StuckOutput
    {
        get { lock (Gate) { return _stuck; } }
        set { lock (Gate) { Update(); _stuck = value; } }
    }

    /// <summary>Every conversion completing from now on yields positive or negative full scale.</summary>
    public AdcSaturation ForcedSaturation { get; set; }

    /// <summary>Single-shot conversions started (OS=1 writes that took effect).</summary>
    public int ConversionsStarted { get; private set; }

    /// <summary>Volts on AIN<paramref name="channel"/> against GND when no source function is set.</summary>
    public void SetInputVolts(int channel, double volts)
    {
        lock (Gate) { _inputVolts[channel] = volts; }
    }

    /// <summary>A function sampled at the start of each conversion (e.g. a gas scenario); null returns to the fixed value.</summary>
    public void SetInputSource(int channel, Func<double>? source)
    {
        lock (Gate) { _inputSources[channel] = source; }
    }

    public double GetInputVolts(int channel)
    {
        lock (Gate) { return InputVolts(channel); }
    }

    /// <summary>Register values as the bus would read them now (Config includes the live OS bit).</summary>
    public ushort ReadRegisterValue(int pointer)
    {
        lock (Gate)
        {
            Update();
            return RegisterValue(pointer & 0x3);
        }
    }

    /// <summary>The Address Pointer register (P[1:0]).</summary>
    public int Pointer
    {
        get { lock (Gate) { return _pointer; } }
    }

    public void PowerOnReset()
    {
        lock (Gate)
        {
            _pointer = 0;
            _config = ConfigResetValue & 0x7FFF;
            _loThresh = LoThreshResetValue;
            _hiThresh = HiThreshResetValue;
            _conversion = 0;
            _converting = false;
            _continuous = false;
        }
    }

    protected override I2cStatus OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return I2cStatus.Ok;
        }

        if ((data[0] & 0xFC) != 0 || data.Length > 3)
        {
            return I2cStatus.DataNack;
        }

        Update();
        _pointer = data[0] & 0x03;
        if (data.Length == 3)
        {
            WriteRegister(_pointer, (ushort)((data[1] << 8) | data[2]));
        }

        return I2cStatus.Ok;
    }

    protected override I2cStatus OnRead(Span<byte> data)
    {
        Update();
        ushort value = RegisterValue(_pointer);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (i & 1) == 0 ? (byte)(value >> 8) : (byte)value;
        }

        return I2cStatus.Ok;
    }

    private void WriteRegister(int pointer, ushort value)
    {
        switch (pointer)
        {
            case 0:
                return;
            case 1:
                _config = (ushort)(value & 0x7FFF);
                bool singleShotMode = (value & 0x0100) != 0;
                bool start = (value & 0x8000) != 0;
                if (!singleShotMode)
                {
                    _converting = false;
                    _continuous = true;
                    _continuousPeriodMicroseconds = ConversionMicroseconds();
                    _nextContinuousEndMicroseconds = Time.NowMicroseconds + _continuousPeriodMicroseconds;
                }
                else
                {
                    _continuous = false;
                    if (start && !_converting)
                    {
                        StartConversion();
                    }
                }

                return;
            case 2:
                _loThresh = value;
                return;
            default:
                _hiThresh = value;
                return;
        }
    }

    private void StartConversion()
    {
        _pendingResult = Convert((_config >> 12) & 0x7, (_config >> 9) & 0x7);
        _conversionEndMicroseconds = Time.NowMicroseconds + ConversionMicroseconds();
        _converting = true;
        ConversionsStarted++;
    }

    private long ConversionMicroseconds()
    {
        int sps = SamplesPerSecond[(_config >> 5) & 0x7];
        return Math.Max(1L, (long)Math.Ceiling(1_000_000.0 / sps * ConversionTimeScale));
    }

    private void Update()
    {
        long now = Time.NowMicroseconds;
        if (_continuous && now >= _nextContinuousEndMicroseconds)
        {
            long periods = (now - _nextContinuousEndMicroseconds) / _continuousPeriodMicroseconds + 1;
            _nextContinuousEndMicroseconds += periods * _continuousPeriodMicroseconds;
            if (!_stuck)
            {
                _conversion = Convert((_config >> 12) & 0x7, (_config >> 9) & 0x7);
            }
        }

        if (_converting && now >= _conversionEndMicroseconds)
        {
            _converting = false;
            if (!_stuck)
            {
                _conversion = _pendingResult;
            }
        }
    }

    private ushort RegisterValue(int pointer) => pointer switch
    {
        0 => _conversion,
        1 => (ushort)(_config | (_converting || _continuous ? 0 : 0x8000)),
        2 => _loThresh,
        _ => _hiThresh,
    };

    private ushort Convert(int mux, int pga)
    {
        switch (ForcedSaturation)
        {
            case AdcSaturation.High: return 0x7FFF;
            case AdcSaturation.Low: return 0x8000;
        }

        double volts = mux switch
        {
            0 => InputVolts(0) - InputVolts(1),
            1 => InputVolts(0) - InputVolts(3),
            2 => InputVolts(1) - InputVolts(3),
            3 => InputVolts(2) - InputVolts(3),
            _ => InputVolts(mux - 4),
        };
        double code = Math.Round(volts * 32768.0 / FullScaleVolts[pga], MidpointRounding.AwayFromZero);
        if (double.IsNaN(code) || code >= 32767.0)
        {
            return 0x7FFF;
        }

        return code <= -32768.0 ? (ushort)0x8000 : (ushort)(short)code;
    }

    private double InputVolts(int channel) => _inputSources[channel]?.Invoke() ?? _inputVolts[channel];
}
