using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Telemetry
{
    /// <summary>
    /// Encodes a <see cref="Reading"/> as one telemetry JSON object: schema v1 exactly as before for a reading without v2
    /// content, schema v2 (v1 plus role, ambient group, wind group) for one with (<see cref="Reading.NeedsV2"/>), (src/Methane.Telemetry/telemetry-v1.schema.json)
    /// into a caller-owned buffer. Allocates nothing after construction. Field order is fixed; every field is written,
    /// groups the reading does not have are null; with <see cref="Compact"/> the optional diagnostic fields (raw SHT4x words,
    /// ADC code, Vout, Rs, Rs/R0) and fw are left out, which schema v1 allows (same version, any v1 decoder reads it). A number that is NaN, infinite or outside the schema's range is written
    /// as null rather than producing a message the schema rejects.
    /// </summary>
    public sealed class TelemetryEncoder
    {
        public const int SchemaVersion = 1;
        public const int SchemaVersion2 = 2;

        /// <summary><see cref="Encode"/> result: the buffer region is too small for the message.</summary>
        public const int BufferTooSmall = -1;

        /// <summary><see cref="Encode"/> result: seq or timestamp outside 0..2^53-1, alarm not 0..2, or negative flags.</summary>
        public const int InvalidReading = -2;

        /// <summary>Largest integer JSON carries exactly (2^53 - 1); upper bound of seq and timestamp.</summary>
        public const long MaxSafeInteger = 9007199254740991L;

        /// <summary>
        /// Upper bound of one encoded reading in bytes (all numeric fields at their longest, thing 128 and fw 32 characters):
        /// a buffer this large never fails with <see cref="BufferTooSmall"/>.
        /// </summary>
        public const int MaxEncodedLength = 900;

        // Decimal places per field; documented in the schema descriptions (keep both in step).
        public const int Ch4PpmDecimals = 1;
        public const int LelPctDecimals = 3;
        public const int TemperatureDecimals = 2;
        public const int HumidityDecimals = 2;
        /// <summary>6 decimals: one ADS1115 step at the +-4.096 V range is 0.000125 V exactly.</summary>
        public const int VoutDecimals = 6;
        public const int RsOhmDecimals = 1;
        public const int RsR0Decimals = 4;
        public const int AmbientDecimals = 3;
        public const int SigmaDecimals = 2;
        public const int WindSpeedDecimals = 2;
        public const int WindAngleDecimals = 1;
        public const int VaneDecimals = 3;

        private readonly DeviceIdentity _identity;
        private readonly JsonWriter _writer = new JsonWriter();

        public TelemetryEncoder(DeviceIdentity identity)
        {
            if (identity == null)
            {
                throw new System.ArgumentNullException("identity");
            }
            _identity = identity;
        }

        public DeviceIdentity Identity { get { return _identity; } }

        /// <summary>
        /// Leave out the optional diagnostics (t_raw, rh_raw, adc_raw, vout_v, rs_ohm, rs_r0) and fw (the health message
        /// carries it): about 60 % of the bytes of a full reading (171 instead of 280 for a typical one): a 5 KB unit holds ~29 readings instead of ~18.
        /// </summary>
        public bool Compact { get; set; }

        /// <summary>
        /// Writes <paramref name="reading"/> at <paramref name="offset"/>, using at most <paramref name="capacity"/> bytes.
        /// Returns the message length, or <see cref="BufferTooSmall"/> / <see cref="InvalidReading"/> (nothing usable written).
        /// </summary>
        public int Encode(Reading reading, byte[] buffer, int offset, int capacity)
        {
            if (!IsEncodable(reading))
            {
                return InvalidReading;
            }
            _writer.Reset(buffer, offset, capacity);
            WriteReading(_writer, reading);
            return _writer.Overflow ? BufferTooSmall : _writer.Length;
        }

        /// <summary>True when the reading's integer fields are inside the schema (the encoder writes nothing otherwise).</summary>
        public static bool IsEncodable(Reading reading)
        {
            return reading != null
                && reading.Seq >= 0 && reading.Seq <= MaxSafeInteger
                && reading.TimestampMs >= 0 && reading.TimestampMs <= MaxSafeInteger
                && reading.Alarm >= AlarmLevel.None && reading.Alarm <= AlarmLevel.High
                && reading.Flags >= 0;
        }

        /// <summary>Writes the reading object as the next value of <paramref name="w"/>. The caller checks <see cref="IsEncodable"/>.</summary>
        internal void WriteReading(JsonWriter w, Reading r)
        {
            w.BeginObject();
            bool v2 = r.NeedsV2;
            w.PropertyName(TelemetryFieldNames.V); w.WriteInt64(v2 ? SchemaVersion2 : SchemaVersion);
            w.PropertyName(TelemetryFieldNames.Thing); w.WriteRawValue(_identity.ThingJson, 0, _identity.ThingJson.Length);
            w.PropertyName(TelemetryFieldNames.Site); w.WriteRawValue(_identity.SiteJson, 0, _identity.SiteJson.Length);
            w.PropertyName(TelemetryFieldNames.Seq); w.WriteInt64(r.Seq);
            w.PropertyName(TelemetryFieldNames.Timestamp); w.WriteInt64(r.TimestampMs);

            w.PropertyName(TelemetryFieldNames.Ch4Ppm); Number(w, r.HasMethane, r.Ch4Ppm, 0, 1000000, Ch4PpmDecimals);
            w.PropertyName(TelemetryFieldNames.LelPct); Number(w, r.HasMethane, r.LelPct, 0, 2000, LelPctDecimals);

            w.PropertyName(TelemetryFieldNames.TempC); Number(w, r.HasEnvironment, r.TemperatureC, -45, 130, TemperatureDecimals);
            w.PropertyName(TelemetryFieldNames.RhPct); Number(w, r.HasEnvironment, r.RelativeHumidityPct, -6, 119, HumidityDecimals);
            if (Compact)
            {
                if (v2) { WriteV2(w, r, true); }
                w.PropertyName(TelemetryFieldNames.Alarm); w.WriteInt64(r.Alarm);
                w.PropertyName(TelemetryFieldNames.Flags); w.WriteInt64(r.Flags);
                w.EndObject();
                return;
            }
            w.PropertyName(TelemetryFieldNames.TRaw); Integer(w, r.HasEnvironment, r.TemperatureTicks, 0, 65535);
            w.PropertyName(TelemetryFieldNames.RhRaw); Integer(w, r.HasEnvironment, r.HumidityTicks, 0, 65535);

            w.PropertyName(TelemetryFieldNames.AdcRaw); Integer(w, r.HasRaw, r.AdcRaw, -32768, 32767);
            w.PropertyName(TelemetryFieldNames.VoutV); Number(w, r.HasRaw, r.VoutVolts, -6.144, 6.144, VoutDecimals);
            w.PropertyName(TelemetryFieldNames.RsOhm); Number(w, r.HasRaw, r.RsOhms, 0, double.MaxValue, RsOhmDecimals);
            w.PropertyName(TelemetryFieldNames.RsR0); Number(w, r.HasRaw, r.RsR0, 0, double.MaxValue, RsR0Decimals);

            if (v2) { WriteV2(w, r, false); }

            w.PropertyName(TelemetryFieldNames.Alarm); w.WriteInt64(r.Alarm);
            w.PropertyName(TelemetryFieldNames.Flags); w.WriteInt64(r.Flags);
            w.PropertyName(TelemetryFieldNames.Fw); w.WriteRawValue(_identity.FirmwareJson, 0, _identity.FirmwareJson.Length);
            w.EndObject();
        }

        // Compact readings carry only their role's group (a gas sensor's ambient fields, a met station's wind fields): the other
        // group would be eight nulls, ~150 B of every reading. The full form keeps both groups, nulls included.
        private static void WriteV2(JsonWriter w, Reading r, bool compact)
        {
            byte[] role = r.IsMetStation ? TelemetryFieldNames.RoleMet : TelemetryFieldNames.RoleGas;
            w.PropertyName(TelemetryFieldNames.Role); w.WriteRawValue(role, 0, role.Length);
            if (!compact || !r.IsMetStation) { WriteAmbientGroup(w, r); }
            if (!compact || r.IsMetStation) { WriteWindGroup(w, r); }
        }

        private static void WriteAmbientGroup(JsonWriter w, Reading r)
        {
            bool amb = r.HasAmbient && !r.IsMetStation;
            w.PropertyName(TelemetryFieldNames.Ch4AmbPpm); Number(w, amb, r.AmbientPpm, 0, 65.535, AmbientDecimals);
            w.PropertyName(TelemetryFieldNames.Ch4BgPpm); Number(w, amb, r.BackgroundPpm, 0, 65.535, AmbientDecimals);
            // In 0.001 ppm steps from the stored codes, so the difference is exact.
            double enh = double.NaN;
            if (amb && !double.IsNaN(r.AmbientPpm) && !double.IsNaN(r.BackgroundPpm))
            {
                enh = (Outbox.ReadingRecord.Code(r.AmbientPpm, 1000) - Outbox.ReadingRecord.Code(r.BackgroundPpm, 1000)) / 1000.0;
            }
            w.PropertyName(TelemetryFieldNames.Ch4EnhPpm); Number(w, amb, enh, -65.535, 65.535, AmbientDecimals);
            w.PropertyName(TelemetryFieldNames.Ch4SigmaPpm); Number(w, amb, r.AmbientSigmaPpm, 0, 2.54, SigmaDecimals);
            w.PropertyName(TelemetryFieldNames.Ch4BgFlags); Integer(w, amb, r.BackgroundFlags, 0, 255);
            w.PropertyName(TelemetryFieldNames.Ch4EnhFlags); Integer(w, amb, r.EnhancementFlags, 0, 255);
        }

        private static void WriteWindGroup(JsonWriter w, Reading r)
        {
            bool wind = r.HasWind && r.IsMetStation;
            w.PropertyName(TelemetryFieldNames.WindSpeedMs); Number(w, wind, r.WindSpeedMs, 0, 655.35, WindSpeedDecimals);
            w.PropertyName(TelemetryFieldNames.WindGustMs); Number(w, wind, r.WindGustMs, 0, 655.35, WindSpeedDecimals);
            w.PropertyName(TelemetryFieldNames.WindDirDeg); Number(w, wind, r.WindDirectionDeg, 0, 359.9, WindAngleDecimals);
            w.PropertyName(TelemetryFieldNames.WindSigmaDeg); Number(w, wind, r.WindSigmaThetaDeg, 0, 103.9, WindAngleDecimals);
            w.PropertyName(TelemetryFieldNames.WindSamples); Integer(w, wind, r.WindSamples, 0, 65535);
            w.PropertyName(TelemetryFieldNames.WindFlags); Integer(w, wind, r.WindFlags, 0, 65535);
            w.PropertyName(TelemetryFieldNames.WindPulses);
            if (wind && r.WindPulses >= 0 && r.WindPulses <= 4294967295L) { w.WriteInt64(r.WindPulses); } else { w.WriteNull(); }
            w.PropertyName(TelemetryFieldNames.VaneV); Number(w, wind, r.VaneVolts, 0, 65.535, VaneDecimals);
        }

        // Every bound is a multiple of 10^-decimals, so a value inside stays inside after rounding.
        internal static void Number(JsonWriter w, bool present, double value, double min, double max, int decimals)
        {
            if (present && !double.IsNaN(value) && value >= min && value <= max)
            {
                w.WriteFixed(value, decimals);
            }
            else
            {
                w.WriteNull();
            }
        }

        private static void Integer(JsonWriter w, bool present, int value, int min, int max)
        {
            if (present && value >= min && value <= max)
            {
                w.WriteInt64(value);
            }
            else
            {
                w.WriteNull();
            }
        }
    }
}
