using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Wind;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Emulation.Chips;

/// <summary>
/// A Davis 6410 cup anemometer on a pulse counter, at the pulse level: the cups turn at speed[mph] / 2.25 revolutions per
/// second (the spec sheet's 1600 rev/h = 1 mph), the reed switch closes once per revolution, and the counter (the ESP32's
/// PCNT unit on the device) counts closures. Revolutions are integrated exactly between changes of speed, so the count over
/// any interval is the true mean speed, floor-quantized to whole pulses as on the real part. Fault: no pulses (cable cut,
/// seized bearing): the count stops while the wind goes on.
/// </summary>
public sealed class AnemometerEmulator : IPulseCounter
{
    private readonly ITimeSource _time;
    private readonly double _mphPerHz;
    private readonly object _gate = new();
    private double _revolutions;
    private long _lastMicros;
    private double _speedMs;

    public AnemometerEmulator(ITimeSource time, double mphPerHz)
    {
        _time = time;
        _mphPerHz = mphPerHz;
        _lastMicros = time.NowMicroseconds;
    }

    /// <summary>Cable cut or seized cups: no pulses counted.</summary>
    public bool NoPulses { get; set; }

    /// <summary>The counter unit itself fails (e.g. not configured): Read returns this status instead of Ok.</summary>
    public DeviceStatus ReadStatus { get; set; } = DeviceStatus.Ok;

    /// <summary>Wind speed at the cups from now on, m/s.</summary>
    public double SpeedMs
    {
        get { lock (_gate) { return _speedMs; } }
        set { lock (_gate) { Advance(); _speedMs = Math.Max(0, value); } }
    }

    /// <summary>Pulses counted so far (whole revolutions).</summary>
    public long Count
    {
        get { lock (_gate) { Advance(); return (long)Math.Floor(_revolutions); } }
    }

    public DeviceStatus Read(out long count)
    {
        count = Count;
        return ReadStatus;
    }

    private void Advance()
    {
        long now = _time.NowMicroseconds;
        double seconds = (now - _lastMicros) / 1e6;
        _lastMicros = now;
        if (seconds <= 0 || NoPulses) return;
        double hz = _speedMs / Davis6410.MetresPerSecondPerMph / _mphPerHz;
        _revolutions += hz * seconds;
    }
}
