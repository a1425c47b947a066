namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// One processed sample, as the telemetry encoder and the outbox see it. Allocated once and reused every cycle
    /// (steady-state loops allocate nothing). Identity (thing, site, firmware version) lives in the device config, not here.
    /// </summary>
    public sealed class Reading
    {
        /// <summary>Per-device sequence number, monotonic across reboots (0 .. 2^53-1, a JSON-safe integer).</summary>
        public long Seq;

        /// <summary>Unix epoch milliseconds; uptime milliseconds when <see cref="ReadingFlags.ClockUnsynced"/> is set.</summary>
        public long TimestampMs;

        /// <summary>False when no methane value could be computed (sensor fault, saturation, stuck value): ch4_ppm and lel_pct are null.</summary>
        public bool HasMethane;
        public double Ch4Ppm;
        public double LelPct;

        /// <summary>False when the SHT4x gave nothing usable (NACK or CRC error): temp_c, rh_pct and their raw words are null.</summary>
        public bool HasEnvironment;
        public double TemperatureC;
        public double RelativeHumidityPct;
        /// <summary>Raw SHT4x words (ticks) for recomputation.</summary>
        public int TemperatureTicks;
        public int HumidityTicks;

        /// <summary>False when the ADC did not answer: adc_raw, vout_v, rs_ohm, rs_r0 are null.</summary>
        public bool HasRaw;
        /// <summary>Signed ADS1115 conversion result.</summary>
        public int AdcRaw;
        /// <summary>Sensor output voltage across the load resistor (volts).</summary>
        public double VoutVolts;
        /// <summary>Sensor resistance (ohms); 0 when not computable.</summary>
        public double RsOhms;
        /// <summary>Rs / R0 after compensation.</summary>
        public double RsR0;

        /// <summary>Telemetry v2 role: false = gas sensor, true = met station (the wind group instead of methane).</summary>
        public bool IsMetStation;

        /// <summary>v2 ambient group (gas role): false = not computed (v1 reading). NaN = null for each value.</summary>
        public bool HasAmbient;
        public double AmbientPpm;
        public double BackgroundPpm;
        public double AmbientSigmaPpm;
        /// <summary><see cref="Ambient.AmbientFlags"/> bits of the ambient value and background, and of the enhancement.</summary>
        public int BackgroundFlags;
        public int EnhancementFlags;

        /// <summary>v2 wind group (met role). NaN = null for each value.</summary>
        public bool HasWind;
        public double WindSpeedMs;
        public double WindGustMs;
        public double WindDirectionDeg;
        public double WindSigmaThetaDeg;
        public int WindSamples;
        /// <summary><see cref="Wind.WindFlags"/> bits.</summary>
        public int WindFlags;
        public long WindPulses;
        public double VaneVolts;

        /// <summary><see cref="AlarmLevel"/> value.</summary>
        public int Alarm;

        /// <summary>Bit field of <see cref="ReadingFlags"/>.</summary>
        public int Flags;

        public bool IsValid { get { return HasMethane && (Flags & ReadingFlags.InvalidMask) == 0; } }

        public void Clear()
        {
            Seq = 0; TimestampMs = 0;
            HasMethane = false; Ch4Ppm = 0; LelPct = 0;
            HasEnvironment = false; TemperatureC = 0; RelativeHumidityPct = 0; TemperatureTicks = 0; HumidityTicks = 0;
            HasRaw = false; AdcRaw = 0; VoutVolts = 0; RsOhms = 0; RsR0 = 0;
            Alarm = AlarmLevel.None; Flags = ReadingFlags.None;
            IsMetStation = false;
            HasAmbient = false; AmbientPpm = 0; BackgroundPpm = 0; AmbientSigmaPpm = 0; BackgroundFlags = 0; EnhancementFlags = 0;
            HasWind = false; WindSpeedMs = 0; WindGustMs = 0; WindDirectionDeg = 0; WindSigmaThetaDeg = 0; WindSamples = 0;
            WindFlags = 0; WindPulses = 0; VaneVolts = 0;
        }

        /// <summary>True when the reading uses a v2 field (role met, ambient or wind group).</summary>
        public bool NeedsV2 { get { return IsMetStation || HasAmbient || HasWind; } }

        public void CopyFrom(Reading other)
        {
            Seq = other.Seq; TimestampMs = other.TimestampMs;
            HasMethane = other.HasMethane; Ch4Ppm = other.Ch4Ppm; LelPct = other.LelPct;
            HasEnvironment = other.HasEnvironment; TemperatureC = other.TemperatureC; RelativeHumidityPct = other.RelativeHumidityPct;
            TemperatureTicks = other.TemperatureTicks; HumidityTicks = other.HumidityTicks;
            HasRaw = other.HasRaw; AdcRaw = other.AdcRaw; VoutVolts = other.VoutVolts; RsOhms = other.RsOhms; RsR0 = other.RsR0;
            Alarm = other.Alarm; Flags = other.Flags;
            IsMetStation = other.IsMetStation;
            HasAmbient = other.HasAmbient; AmbientPpm = other.AmbientPpm; BackgroundPpm = other.BackgroundPpm;
            AmbientSigmaPpm = other.AmbientSigmaPpm; BackgroundFlags = other.BackgroundFlags; EnhancementFlags = other.EnhancementFlags;
            HasWind = other.HasWind; WindSpeedMs = other.WindSpeedMs; WindGustMs = other.WindGustMs; WindDirectionDeg = other.WindDirectionDeg;
            WindSigmaThetaDeg = other.WindSigmaThetaDeg; WindSamples = other.WindSamples; WindFlags = other.WindFlags;
            WindPulses = other.WindPulses; VaneVolts = other.VaneVolts;
        }
    }
}
