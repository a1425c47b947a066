using Methane.Firmware.Core.Config;
using Methane.Firmware.Emulation.Chips;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// The gas and climate one fleet device sees, deterministic for (seed, device index): clean air whose sensor resistance
/// wanders a few percent around the board's clean-air Rs/R0, and a room temperature and humidity that cycle slowly, each
/// device with its own phase. Drives the chip emulators through their input sources, so the firmware reads it over I2C.
/// </summary>
public sealed class FleetScenario
{
    private readonly double _cleanAirRs;
    private readonly double _rsWander;
    private readonly double _rsPeriodSeconds;
    private readonly double _phase;
    private readonly double _baseTemperature;
    private readonly double _baseHumidity;

    public FleetScenario(int seed, int deviceIndex, MethaneCalibration calibration)
    {
        var random = new Random(HashCode.Combine(seed, deviceIndex));
        Calibration = calibration;
        _cleanAirRs = calibration.R0Ohms * calibration.CleanAirRsR0 * (0.9 + 0.2 * random.NextDouble());
        _rsWander = 0.02 + 0.03 * random.NextDouble();
        _rsPeriodSeconds = 300 + 600 * random.NextDouble();
        _phase = 2 * Math.PI * random.NextDouble();
        _baseTemperature = 12 + 14 * random.NextDouble();
        _baseHumidity = 35 + 35 * random.NextDouble();
    }

    public MethaneCalibration Calibration { get; }

    /// <summary>Connects the scenario to the emulators; <paramref name="seconds"/> is the device's uptime in seconds.</summary>
    public void Attach(Ads1115Emulator adc, int adcChannel, Sht4xEmulator env, Func<double> seconds)
    {
        adc.SetInputSource(adcChannel, () => AdcVolts(seconds()));
        env.TemperatureSource = () => _baseTemperature + 3 * Math.Sin(2 * Math.PI * seconds() / 3600 + _phase);
        env.HumiditySource = () => _baseHumidity + 8 * Math.Sin(2 * Math.PI * seconds() / 5400 + _phase);
    }

    /// <summary>Sensor resistance at time t: clean air with a slow wander.</summary>
    public double SensorOhms(double seconds) => _cleanAirRs * (1 + _rsWander * Math.Sin(2 * Math.PI * seconds / _rsPeriodSeconds + _phase));

    /// <summary>What the ADC pin sees: Vout = Vc·RL/(RL+Rs), through the board's divider.</summary>
    public double AdcVolts(double seconds)
    {
        double rs = SensorOhms(seconds);
        double vout = Calibration.CircuitVolts * Calibration.LoadResistorOhms / (Calibration.LoadResistorOhms + rs);
        return vout / Calibration.DividerRatio;
    }
}
