using Methane.Firmware.Core.Config;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Emulation.Boards;

/// <summary>
/// One board as the firmware sees it: the chips of a board file (ADS1115 reading the TGS2611 through its load resistor and
/// divider, SHT4x) emulated at register level on a virtual I2C bus, and the physics that turns gas and air into volts.
/// A met-station board (role met) has the anemometer on a pulse counter and the wind vane on the ADS1115 instead of the
/// TGS2611. The gas sensor carries the ambient noise floor <see cref="AmbientNoiseFloor.SigmaPpm"/> (white, per sample).
/// </summary>
public sealed class VirtualBoard
{
    private readonly Random _ambientNoise;

    public VirtualBoard(BoardConfig board, VirtualClock clock, int noiseSeed = 0)
    {
        _ambientNoise = new Random(noiseSeed);
        Board = board;
        Clock = clock;
        // The physical sensor and circuit are fixed at manufacture: a copy, so console/shadow changes to the config do not move them.
        Sensor = new MethaneCalibration();
        Sensor.CopyFrom(board.Calibration);
        Adc = new Ads1115Emulator(clock);
        Env = new Sht4xEmulator(clock);
        Bus = new VirtualI2cBus();
        Bus.Attach(board.Adc.Address, Adc);
        Bus.Attach(board.EnvSensor.Address, Env);
        if (board.IsMetStation)
        {
            Anemometer = new AnemometerEmulator(clock, board.Wind.MphPerHz);
            Vane = new WindVaneEmulator(Adc, board.Wind.VaneChannel, board.Wind.VaneExcitationVolts, board.Wind.VaneOffsetDeg);
        }
        SetAir(0, 20, 50, 1.0);
    }

    /// <summary>The cup anemometer (met role), else null.</summary>
    public AnemometerEmulator? Anemometer { get; }
    /// <summary>The wind vane (met role), else null.</summary>
    public WindVaneEmulator? Vane { get; }

    /// <summary>False to switch the ambient noise floor off (tests that need exact volts).</summary>
    public bool AmbientNoise { get; set; } = true;

    /// <summary>Sets the wind at the mast (met role; ignored on a gas board).</summary>
    public void SetWind(double speedMs, double directionDeg)
    {
        if (Anemometer is null || Vane is null) return;
        Anemometer.SpeedMs = speedMs;
        Vane.DirectionDeg = directionDeg;
    }

    public BoardConfig Board { get; }
    public VirtualClock Clock { get; }
    public VirtualI2cBus Bus { get; }
    public Ads1115Emulator Adc { get; }
    public Sht4xEmulator Env { get; }
    /// <summary>The real sensor's circuit and curve (what the firmware's calibration tries to match).</summary>
    public MethaneCalibration Sensor { get; }

    /// <summary>Methane the sensor sees (ppm above clean air), as last set.</summary>
    public double Ppm { get; private set; }

    /// <summary>
    /// Sets the air: methane above clean air, temperature, humidity, and a factor on Rs (drift, noise). The sensor follows
    /// Rs = R0 · K(T,RH) · ((ppm + ppm_clean)/a)^(1/b) · factor, where ppm_clean = a·(cleanAirRsR0)^b is what the curve reads
    /// at the clean-air ratio, so 0 ppm gives exactly the clean-air resistance.
    /// </summary>
    public void SetAir(double ppm, double temperatureC, double humidityPct, double rsFactor)
    {
        Ppm = ppm;
        Env.TemperatureCelsius = temperatureC;
        Env.RelativeHumidityPercent = humidityPct;
        if (Board.IsMetStation) return;
        if (AmbientNoise) rsFactor *= AmbientNoiseFloor.RsFactor(Sensor, ppm, Gaussian());
        Adc.SetInputVolts(Board.Adc.Channel, AdcVolts(ppm, temperatureC, humidityPct, rsFactor));
    }

    private double Gaussian()
    {
        double u1 = 1.0 - _ambientNoise.NextDouble();
        double u2 = _ambientNoise.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double AdcVolts(double ppm, double temperatureC, double humidityPct, double rsFactor)
    {
        var s = Sensor;
        double rs = RsOhms(s, ppm, temperatureC, humidityPct, rsFactor);
        double vout = s.CircuitVolts * s.LoadResistorOhms / (s.LoadResistorOhms + rs);
        return vout / s.DividerRatio;
    }

    /// <summary>The emulated sensor's resistance (the truth model; see <see cref="SetAir"/>).</summary>
    public static double RsOhms(MethaneCalibration s, double ppm, double temperatureC, double humidityPct, double rsFactor)
    {
        double clean = s.CurveA * Math.Pow(s.CleanAirRsR0, s.CurveB);
        double k = 1 + s.TemperatureCoefficientPerC * (temperatureC - s.ReferenceTemperatureC)
                     + s.HumidityCoefficientPerPct * (humidityPct - s.ReferenceHumidityPct);
        return s.R0Ohms * k * Math.Pow((Math.Max(0, ppm) + clean) / s.CurveA, 1.0 / s.CurveB) * rsFactor;
    }
}
