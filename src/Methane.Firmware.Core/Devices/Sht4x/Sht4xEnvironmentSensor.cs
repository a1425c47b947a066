using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Devices.Sht4x
{
    /// <summary>The SHT4x as the environment sensor: a high-repeatability measurement, CRC-checked per word.</summary>
    public sealed class Sht4xEnvironmentSensor : IEnvironmentSensor
    {
        private readonly Sht4x _sensor;

        public Sht4xEnvironmentSensor(II2cDevice device, IClock clock)
        {
            _sensor = new Sht4x(device, clock);
        }

        public DeviceStatus Measure(out int temperatureRaw, out int humidityRaw, out double temperatureC, out double relativeHumidityPct)
        {
            DeviceStatus status = _sensor.Measure(out temperatureRaw, out humidityRaw);
            bool ok = status == DeviceStatus.Ok;
            temperatureC = ok ? Sht4xConversion.TemperatureCelsius(temperatureRaw) : 0;
            relativeHumidityPct = ok ? Sht4xConversion.RelativeHumidityPercent(humidityRaw) : 0;
            return status;
        }
    }
}
