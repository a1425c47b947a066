using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.App
{
    /// <summary>Settings of the main loop itself ("device.*"); the sensing settings are in <see cref="BoardConfig"/>.</summary>
    public sealed class DeviceSettings
    {
        public const string Section = "device";

        /// <summary>Seconds between two measurements (each one becomes a telemetry reading).</summary>
        public int SampleIntervalSeconds = 5;
        /// <summary>Seconds between two health messages on …/health.</summary>
        public int HealthIntervalSeconds = 60;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".sampleIntervalSeconds", SampleIntervalSeconds, 1, 3600)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".healthIntervalSeconds", HealthIntervalSeconds, 10, 86400)) != null) { return r; }
            return null;
        }

        public void CopyFrom(DeviceSettings other)
        {
            SampleIntervalSeconds = other.SampleIntervalSeconds;
            HealthIntervalSeconds = other.HealthIntervalSeconds;
        }
    }
}
