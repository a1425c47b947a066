using Methane.Firmware.Core.Devices;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Where <see cref="MeasurementCycle"/> gets temperature and humidity for the methane compensation from (SHT4x today).
    /// A new chip implements this in its own folder under Devices/. CRC failures are <see cref="DeviceStatus.CrcError"/>.
    /// </summary>
    public interface IEnvironmentSensor
    {
        /// <summary>One measurement: the chip's raw words (kept in the reading so the cloud can recompute) and °C / %RH.</summary>
        DeviceStatus Measure(out int temperatureRaw, out int humidityRaw, out double temperatureC, out double relativeHumidityPct);
    }
}
