namespace Methane.Firmware.Emulation.Chips;

/// <summary>
/// A Davis 6410 wind vane: a potentiometer across the excitation voltage whose wiper feeds one ADS1115 input, so the
/// ADC sees V = Vexc · ((θ − offset) mod 360) / 360 (the ADS1115 emulator converts it like the datasheet says). Faults:
/// stuck (the vane stops turning: the voltage freezes where it was) and out of range (open wiper pulled up, or a short:
/// a voltage above the excitation).
/// </summary>
public sealed class WindVaneEmulator
{
    /// <summary>What an open wiper reads through the board's pull-up: above any direction's voltage.</summary>
    public const double OpenWiperVolts = 4.0;

    private readonly Ads1115Emulator _adc;
    private readonly int _channel;
    private readonly double _excitation;
    private readonly double _offsetDeg;
    private double _directionDeg;

    public WindVaneEmulator(Ads1115Emulator adc, int channel, double excitationVolts, double offsetDeg)
    {
        _adc = adc;
        _channel = channel;
        _excitation = excitationVolts;
        _offsetDeg = offsetDeg;
        Apply();
    }

    public bool Stuck { get; set; }
    public bool OutOfRange { get; set; }

    /// <summary>The direction the wind blows from, degrees from true north.</summary>
    public double DirectionDeg
    {
        get => _directionDeg;
        set
        {
            if (!Stuck) _directionDeg = value;
            Apply();
        }
    }

    /// <summary>Wiper voltage for a direction.</summary>
    public double VoltsFor(double directionDeg)
    {
        double rel = ((directionDeg - _offsetDeg) % 360 + 360) % 360;
        return _excitation * rel / 360;
    }

    private void Apply()
    {
        _adc.SetInputVolts(_channel, OutOfRange ? OpenWiperVolts : VoltsFor(_directionDeg));
    }
}
