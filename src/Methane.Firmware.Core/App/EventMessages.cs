using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// JSON bodies of the …/alarm and …/health messages. Same identity keys as telemetry (v, thing, site, timestamp) so the
    /// cloud rule can route them alike. Written into caller-owned buffers; nothing allocates (not even on nanoCLR).
    /// </summary>
    public static class EventMessages
    {
        public const string AlarmRaised = "raised";
        public const string AlarmCleared = "cleared";
        public const string AlarmChanged = "changed";
        public const string RateOfRise = "rate_of_rise";

        // Names encoded once: on nanoCLR every string literal evaluated allocates (health goes out every minute).
        private static readonly byte[] EventKey = JsonWriter.EncodeString("event");
        private static readonly byte[] PreviousKey = JsonWriter.EncodeString("previous");
        private static readonly byte[] RisePpmMinKey = JsonWriter.EncodeString("rise_ppm_min");
        private static readonly byte[] ClockSyncedKey = JsonWriter.EncodeString("clock_synced");
        private static readonly byte[] UptimeSKey = JsonWriter.EncodeString("uptime_s");
        private static readonly byte[] StateKey = JsonWriter.EncodeString("state");
        private static readonly byte[] SamplesKey = JsonWriter.EncodeString("samples");
        private static readonly byte[] FaultSamplesKey = JsonWriter.EncodeString("fault_samples");
        private static readonly byte[] PublishedKey = JsonWriter.EncodeString("published");
        private static readonly byte[] AckedKey = JsonWriter.EncodeString("acked");
        private static readonly byte[] ReconnectsKey = JsonWriter.EncodeString("reconnects");
        private static readonly byte[] ConnectionsLostKey = JsonWriter.EncodeString("connections_lost");
        private static readonly byte[] OutboxDepthKey = JsonWriter.EncodeString("outbox_depth");
        private static readonly byte[] OutboxDroppedKey = JsonWriter.EncodeString("outbox_dropped");
        private static readonly byte[] AlarmsRaisedKey = JsonWriter.EncodeString("alarms_raised");
        private static readonly byte[] LastErrorKey = JsonWriter.EncodeString("last_error");

        /// <summary>
        /// An alarm event (src/Methane.Telemetry/alarm-event-v1.schema.json): {"v":1,"thing","site","seq","timestamp","event",
        /// "alarm","previous","ch4_ppm","lel_pct","rise_ppm_min","flags"}.
        /// </summary>
        public static void WriteAlarm(JsonWriter w, DeviceIdentity id, Reading reading, string evt, int previous, double risePpmPerMinute)
        {
            w.BeginObject();
            Identity(w, id);
            w.PropertyName(TelemetryFieldNames.Seq); w.WriteInt64(reading.Seq);
            w.PropertyName(TelemetryFieldNames.Timestamp); w.WriteInt64(reading.TimestampMs);
            w.PropertyName(EventKey); w.WriteString(evt);
            w.PropertyName(TelemetryFieldNames.Alarm); w.WriteInt64(reading.Alarm);
            w.PropertyName(PreviousKey); w.WriteInt64(previous);
            // Same ranges and decimals as a telemetry reading (alarm-event-v1.schema.json); out of range is null.
            w.PropertyName(TelemetryFieldNames.Ch4Ppm);
            TelemetryEncoder.Number(w, reading.HasMethane, reading.Ch4Ppm, 0, 1000000, TelemetryEncoder.Ch4PpmDecimals);
            w.PropertyName(TelemetryFieldNames.LelPct);
            TelemetryEncoder.Number(w, reading.HasMethane, reading.LelPct, 0, 2000, TelemetryEncoder.LelPctDecimals);
            w.PropertyName(RisePpmMinKey); w.WriteFixed(risePpmPerMinute, 1);   // NaN (too few samples yet) is written as null
            w.PropertyName(TelemetryFieldNames.Flags); w.WriteInt64(reading.Flags);
            w.EndObject();
        }

        /// <summary>Writes the health object; the counters come from <paramref name="loop"/>.</summary>
        public static void WriteHealth(JsonWriter w, DeviceIdentity id, FirmwareLoop loop, long timestamp, bool clockSynced, long uptimeMs)
        {
            w.BeginObject();
            Identity(w, id);
            w.PropertyName(TelemetryFieldNames.Timestamp); w.WriteInt64(timestamp);
            w.PropertyName(ClockSyncedKey); w.WriteBoolean(clockSynced);
            w.PropertyName(TelemetryFieldNames.Fw); w.WriteString(id.FirmwareVersion);
            w.PropertyName(UptimeSKey); w.WriteInt64(uptimeMs / 1000);
            w.PropertyName(StateKey); w.WriteString(StatusText.Session(loop.Session.State));
            w.PropertyName(SamplesKey); w.WriteInt64(loop.SamplesTaken);
            w.PropertyName(FaultSamplesKey); w.WriteInt64(loop.FaultSamples);
            w.PropertyName(PublishedKey); w.WriteInt64(loop.Session.Counters.ReadingsPublished);
            w.PropertyName(AckedKey); w.WriteInt64(loop.Session.Counters.ReadingsAcked);
            w.PropertyName(ReconnectsKey); w.WriteInt64(loop.Session.Counters.Reconnects);
            w.PropertyName(ConnectionsLostKey); w.WriteInt64(loop.Session.Counters.ConnectionsLost);
            w.PropertyName(OutboxDepthKey); w.WriteInt64(loop.Outbox.Count);
            w.PropertyName(OutboxDroppedKey); w.WriteInt64(loop.Outbox.Dropped);
            w.PropertyName(TelemetryFieldNames.Alarm); w.WriteInt64(loop.AlarmLevelNow);
            w.PropertyName(AlarmsRaisedKey); w.WriteInt64(loop.AlarmsRaised);
            w.PropertyName(LastErrorKey); w.WriteString(loop.LastError);
            w.EndObject();
        }

        private static void Identity(JsonWriter w, DeviceIdentity id)
        {
            w.PropertyName(TelemetryFieldNames.V); w.WriteInt64(TelemetryEncoder.SchemaVersion);
            w.PropertyName(TelemetryFieldNames.Thing); w.WriteString(id.ThingName);
            w.PropertyName(TelemetryFieldNames.Site); w.WriteString(id.SiteId);
        }
    }
}
