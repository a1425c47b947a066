using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>What the session has done since start; reported in the shadow and on the console.</summary>
    public sealed class SessionCounters
    {
        public long ConnectAttempts;
        /// <summary>Successful connects after the first one.</summary>
        public long Reconnects;
        public long ConnectionsLost;
        /// <summary>Times a publish failed without its PUBACK on a live connection and everything unacknowledged was queued again.</summary>
        public long Rewinds;
        /// <summary>Telemetry and batch messages handed to the transport.</summary>
        public long MessagesPublished;
        public long BatchesPublished;
        /// <summary>Readings sent (a batch counts each reading; a resend counts again).</summary>
        public long ReadingsPublished;
        /// <summary>Readings whose message was PUBACKed and that left the outbox.</summary>
        public long ReadingsAcked;
        /// <summary>Readings skipped because they could not be encoded or the transport refused them as invalid.</summary>
        public long ReadingsRejected;
        /// <summary>Inbound messages dropped: foreign topic, too large, or the inbound buffer was full.</summary>
        public long InboundDropped;
        public long InboundDelivered;
        public MqttTransportStatus LastError = MqttTransportStatus.Ok;
    }
}
