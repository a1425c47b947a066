using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// The met-station parts of a board file: the cup anemometer (parts.anemometer), the wind vane on an ADS1115 channel
    /// (parts.windVane) and the sampling rules (wind). Field names in Validate reasons are the board-file paths.
    /// </summary>
    public sealed class WindSettings
    {
        public const string AnemometerSection = "parts.anemometer";
        public const string VaneSection = "parts.windVane";
        public const string Section = "wind";

        /// <summary>GPIO of the reed-switch input (counted by the ESP32's PCNT unit).</summary>
        public int PulsePin;
        /// <summary>mph per pulse per second: 2.25 for the Davis 6410 (1600 rev/h = 1 mph).</summary>
        public double MphPerHz;
        /// <summary>Top of the anemometer's specified range, m/s (Davis 6410: 89).</summary>
        public double MaxSpeedMs;
        /// <summary>ADS1115 input the vane wiper is on (AIN0..3).</summary>
        public int VaneChannel;
        /// <summary>Voltage across the vane potentiometer (ratiometric reference), volts.</summary>
        public double VaneExcitationVolts;
        /// <summary>Bearing (degrees from true north) the vane points to at 0 V: the mounting alignment.</summary>
        public double VaneOffsetDeg;
        /// <summary>Sample period, ms (100 … 1000: at least 1 Hz).</summary>
        public int SampleMilliseconds;
        /// <summary>Mean speed under which the interval is calm (direction undefined), m/s.</summary>
        public double CalmSpeedMs;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(AnemometerSection + ".pulsePin", PulsePin, 0, 48)) != null) { return r; }
            if ((r = ConfigCheck.Range(AnemometerSection + ".mphPerHz", MphPerHz, 0.1, 10)) != null) { return r; }
            if ((r = ConfigCheck.Range(AnemometerSection + ".maxSpeedMs", MaxSpeedMs, 1, 150)) != null) { return r; }
            if ((r = ConfigCheck.Range(VaneSection + ".channel", VaneChannel, 0, 3)) != null) { return r; }
            if ((r = ConfigCheck.Range(VaneSection + ".excitationVolts", VaneExcitationVolts, 0.5, 5.5)) != null) { return r; }
            if ((r = ConfigCheck.Range(VaneSection + ".offsetDeg", VaneOffsetDeg, 0, 359.999)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".sampleMilliseconds", SampleMilliseconds, 100, 1000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".calmSpeedMs", CalmSpeedMs, 0, 5)) != null) { return r; }
            return null;
        }

        public void CopyFrom(WindSettings o)
        {
            PulsePin = o.PulsePin; MphPerHz = o.MphPerHz; MaxSpeedMs = o.MaxSpeedMs; VaneChannel = o.VaneChannel;
            VaneExcitationVolts = o.VaneExcitationVolts; VaneOffsetDeg = o.VaneOffsetDeg; SampleMilliseconds = o.SampleMilliseconds;
            CalmSpeedMs = o.CalmSpeedMs;
        }
    }
}
