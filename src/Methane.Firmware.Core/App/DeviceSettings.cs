using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.App
{
    /// <summary>Settings of the main loop itself ("device.*"); the sensing settings are in <see cref="BoardConfig"/>.</summary>
    public sealed class DeviceSettings
    {
        public const string Section = "device";

        /// <summary>An hour: readings must still reach the store within the dashboards' shortest useful delay.</summary>
        public const int MaxPublishIntervalSeconds = 3600;

        /// <summary>Seconds between two measurements (each one becomes a telemetry reading).</summary>
        public int SampleIntervalSeconds = 5;
        /// <summary>Seconds between two health messages on …/health.</summary>
        public int HealthIntervalSeconds = 60;
        /// <summary>
        /// Seconds live readings may wait to go out together in one …/batch message (one 5 KB billing unit instead of one per
        /// reading); 0 sends each reading alone at once. Alarm events are never held back.
        /// </summary>
        public int PublishIntervalSeconds = 60;
        /// <summary>Send the raw diagnostic fields (ADC code, Vout, Rs, Rs/R0, SHT4x words) and fw with every reading.</summary>
        public bool RawDiagnostics;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".sampleIntervalSeconds", SampleIntervalSeconds, 1, 3600)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".healthIntervalSeconds", HealthIntervalSeconds, 10, 86400)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".publishIntervalSeconds", PublishIntervalSeconds, 0, MaxPublishIntervalSeconds)) != null) { return r; }
            return null;
        }

        public void CopyFrom(DeviceSettings other)
        {
            SampleIntervalSeconds = other.SampleIntervalSeconds;
            HealthIntervalSeconds = other.HealthIntervalSeconds;
            PublishIntervalSeconds = other.PublishIntervalSeconds;
            RawDiagnostics = other.RawDiagnostics;
        }
    }
}
