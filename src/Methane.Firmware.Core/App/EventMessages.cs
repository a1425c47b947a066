using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// JSON bodies of the …/alarm and …/health messages. Same identity keys as telemetry (v, thing, site, timestamp) so the
    /// cloud rule can route them alike. Written into caller-owned buffers; nothing allocates.
    /// </summary>
    public static class EventMessages
    {
        public const string AlarmRaised = "raised";
        public const string AlarmCleared = "cleared";
        public const string AlarmChanged = "changed";
        public const string RateOfRise = "rate_of_rise";

        /// <summary>{"v":1,"thing","site","seq","timestamp","event","alarm","previous","ch4_ppm","lel_pct","rise_ppm_min"}.</summary>
        public static void WriteAlarm(JsonWriter w, DeviceIdentity id, Reading reading, string evt, int previous, double risePpmPerMinute)
        {
            w.BeginObject();
            Identity(w, id);
            w.PropertyName("seq"); w.WriteInt64(reading.Seq);
            w.PropertyName("timestamp"); w.WriteInt64(reading.TimestampMs);
            w.PropertyName("event"); w.WriteString(evt);
            w.PropertyName("alarm"); w.WriteInt64(reading.Alarm);
            w.PropertyName("previous"); w.WriteInt64(previous);
            w.PropertyName("ch4_ppm");
            if (reading.HasMethane) w.WriteFixed(reading.Ch4Ppm, 1); else w.WriteNull();
            w.PropertyName("lel_pct");
            if (reading.HasMethane) w.WriteFixed(reading.LelPct, 3); else w.WriteNull();
            w.PropertyName("rise_ppm_min"); w.WriteFixed(risePpmPerMinute, 1);
            w.PropertyName("flags"); w.WriteInt64(reading.Flags);
            w.EndObject();
        }

        /// <summary>Writes the health object; the counters come from <paramref name="loop"/>.</summary>
        public static void WriteHealth(JsonWriter w, DeviceIdentity id, FirmwareLoop loop, long timestamp, bool clockSynced, long uptimeMs)
        {
            w.BeginObject();
            Identity(w, id);
            w.PropertyName("timestamp"); w.WriteInt64(timestamp);
            w.PropertyName("clock_synced"); w.WriteBoolean(clockSynced);
            w.PropertyName("fw"); w.WriteString(id.FirmwareVersion);
            w.PropertyName("uptime_s"); w.WriteInt64(uptimeMs / 1000);
            w.PropertyName("state"); w.WriteString(StatusText.Session(loop.Session.State));
            w.PropertyName("samples"); w.WriteInt64(loop.SamplesTaken);
            w.PropertyName("fault_samples"); w.WriteInt64(loop.FaultSamples);
            w.PropertyName("published"); w.WriteInt64(loop.Session.Counters.ReadingsPublished);
            w.PropertyName("acked"); w.WriteInt64(loop.Session.Counters.ReadingsAcked);
            w.PropertyName("reconnects"); w.WriteInt64(loop.Session.Counters.Reconnects);
            w.PropertyName("connections_lost"); w.WriteInt64(loop.Session.Counters.ConnectionsLost);
            w.PropertyName("outbox_depth"); w.WriteInt64(loop.Outbox.Count);
            w.PropertyName("outbox_dropped"); w.WriteInt64(loop.Outbox.Dropped);
            w.PropertyName("alarm"); w.WriteInt64(loop.AlarmLevelNow);
            w.PropertyName("alarms_raised"); w.WriteInt64(loop.AlarmsRaised);
            w.PropertyName("last_error"); w.WriteString(loop.LastError);
            w.EndObject();
        }

        private static void Identity(JsonWriter w, DeviceIdentity id)
        {
            w.PropertyName("v"); w.WriteInt64(TelemetryEncoder.SchemaVersion);
            w.PropertyName("thing"); w.WriteString(id.ThingName);
            w.PropertyName("site"); w.WriteString(id.SiteId);
        }
    }
}
