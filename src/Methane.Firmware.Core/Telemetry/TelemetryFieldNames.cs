using Methane.Firmware.Core.Json;

namespace Methane.Firmware.Core.Telemetry
{
    /// <summary>
    /// The schema v1/v2 property names, encoded once (quoted UTF-8) for <see cref="JsonWriter.PropertyName(byte[])"/>. On nanoCLR
    /// every evaluation of a string literal allocates a new heap object, so per-reading code must not pass literal names.
    /// Shared with the alarm and health messages, which use the same keys.
    /// </summary>
    internal static class TelemetryFieldNames
    {
        public static readonly byte[] V = JsonWriter.EncodeString("v");
        public static readonly byte[] Thing = JsonWriter.EncodeString("thing");
        public static readonly byte[] Site = JsonWriter.EncodeString("site");
        public static readonly byte[] Seq = JsonWriter.EncodeString("seq");
        public static readonly byte[] Timestamp = JsonWriter.EncodeString("timestamp");
        public static readonly byte[] Ch4Ppm = JsonWriter.EncodeString("ch4_ppm");
        public static readonly byte[] LelPct = JsonWriter.EncodeString("lel_pct");
        public static readonly byte[] TempC = JsonWriter.EncodeString("temp_c");
        public static readonly byte[] RhPct = JsonWriter.EncodeString("rh_pct");
        public static readonly byte[] TRaw = JsonWriter.EncodeString("t_raw");
        public static readonly byte[] RhRaw = JsonWriter.EncodeString("rh_raw");
        public static readonly byte[] AdcRaw = JsonWriter.EncodeString("adc_raw");
        public static readonly byte[] VoutV = JsonWriter.EncodeString("vout_v");
        public static readonly byte[] RsOhm = JsonWriter.EncodeString("rs_ohm");
        public static readonly byte[] RsR0 = JsonWriter.EncodeString("rs_r0");
        public static readonly byte[] Role = JsonWriter.EncodeString("role");
        public static readonly byte[] RoleGas = JsonWriter.EncodeString("gas");
        public static readonly byte[] RoleMet = JsonWriter.EncodeString("met");
        public static readonly byte[] Ch4AmbPpm = JsonWriter.EncodeString("ch4_amb_ppm");
        public static readonly byte[] Ch4BgPpm = JsonWriter.EncodeString("ch4_bg_ppm");
        public static readonly byte[] Ch4EnhPpm = JsonWriter.EncodeString("ch4_enh_ppm");
        public static readonly byte[] Ch4SigmaPpm = JsonWriter.EncodeString("ch4_sigma_ppm");
        public static readonly byte[] Ch4BgFlags = JsonWriter.EncodeString("ch4_bg_flags");
        public static readonly byte[] Ch4EnhFlags = JsonWriter.EncodeString("ch4_enh_flags");
        public static readonly byte[] WindSpeedMs = JsonWriter.EncodeString("wind_speed_ms");
        public static readonly byte[] WindGustMs = JsonWriter.EncodeString("wind_gust_ms");
        public static readonly byte[] WindDirDeg = JsonWriter.EncodeString("wind_dir_deg");
        public static readonly byte[] WindSigmaDeg = JsonWriter.EncodeString("wind_sigma_deg");
        public static readonly byte[] WindSamples = JsonWriter.EncodeString("wind_samples");
        public static readonly byte[] WindFlags = JsonWriter.EncodeString("wind_flags");
        public static readonly byte[] WindPulses = JsonWriter.EncodeString("wind_pulses");
        public static readonly byte[] VaneV = JsonWriter.EncodeString("vane_v");
        public static readonly byte[] Alarm = JsonWriter.EncodeString("alarm");
        public static readonly byte[] Flags = JsonWriter.EncodeString("flags");
        public static readonly byte[] Fw = JsonWriter.EncodeString("fw");
    }
}
