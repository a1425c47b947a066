using Methane.Firmware.Core.Config;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Emulation.Boards;

/// <summary>
/// One board as the firmware sees it: the chips of a board file (ADS1115 reading the TGS2611 through its load resistor and
/// divider, SHT4x) emulated at register level on a virtual I2C bus, and the physics that turns gas and air into volts.
/// </summary>
public sealed class VirtualBoard
{
    public VirtualBoard(BoardConfig board, VirtualClock clock)
    {
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
        SetAir(0, 20, 50, 1.0);
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
        Adc.SetInputVolts(Board.Adc.Channel, AdcVolts(ppm, temperatureC, humidityPct, rsFactor));
    }

    public double AdcVolts(double ppm, double temperatureC, double humidityPct, double rsFactor)
    {
        var s = Sensor;
        double clean = s.CurveA * Math.Pow(s.CleanAirRsR0, s.CurveB);
        double k = 1 + s.TemperatureCoefficientPerC * (temperatureC - s.ReferenceTemperatureC)
                     + s.HumidityCoefficientPerPct * (humidityPct - s.ReferenceHumidityPct);
        double rs = s.R0Ohms * k * Math.Pow((Math.Max(0, ppm) + clean) / s.CurveA, 1.0 / s.CurveB) * rsFactor;
        double vout = s.CircuitVolts * s.LoadResistorOhms / (s.LoadResistorOhms + rs);
        return vout / s.DividerRatio;
    }
}
