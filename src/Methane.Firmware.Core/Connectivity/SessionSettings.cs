namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>Session tuning. The session clamps every value into the AWS IoT Core limits it must respect.</summary>
    public sealed class SessionSettings
    {
        public const int MinKeepAliveSeconds = 30;
        public const int MaxKeepAliveSeconds = 1200;
        public const int AwsMaxInFlight = 100;
        public const int AwsMaxPublishesPerSecond = 100;
        public const int AwsMinConnectIntervalMs = 1000;

        /// <summary>MQTT keepalive; clamped to 30..1200 s (AWS IoT Core).</summary>
        public int KeepAliveSeconds = 300;
        public bool CleanSession = true;

        /// <summary>Backoff: delay = random in [0, min(cap, base · 2^failures)].</summary>
        public long BackoffBaseMs = 1000;
        public long BackoffCapMs = 300000;

        /// <summary>
        /// A connection must stay up this long before the backoff starts again from its base; a broker that accepts and then
        /// drops at once (duplicate client id, policy problem) therefore meets a growing backoff instead of a 1 Hz loop.
        /// </summary>
        public long StableOnlineMs = 60000;

        /// <summary>Minimum time between two CONNECTs with this client id; never below 1000 ms.</summary>
        public long MinConnectIntervalMs = 1000;

        /// <summary>Unacknowledged QoS 1 publishes; clamped to 1..100.</summary>
        public int MaxInFlight = 100;

        /// <summary>Publishes per second per connection; clamped to 1..100.</summary>
        public int MaxPublishesPerSecond = 100;

        /// <summary>Largest batch message (AWS bills in 5 KB units).</summary>
        public int MaxBatchBytes = 5120;

        /// <summary>Most readings in one batch (telemetry schema v1 allows 1..100).</summary>
        public int MaxBatchReadings = 100;

        /// <summary>
        /// How long live readings may wait to go out together in one …/batch message; 0 = each reading alone on …/telemetry.
        /// The main loop overrides it from <c>device.publishIntervalSeconds</c>.
        /// </summary>
        public long PublishIntervalMs = 0;

        /// <summary>Largest single live telemetry message.</summary>
        public int MaxSingleBytes = 1024;

        /// <summary>Inbound messages buffered between the transport's thread and the main loop, and their maximum size.</summary>
        public int InboundSlots = 2;
        public int InboundSlotBytes = 4096;

        /// <summary>Seed of the jitter PRNG (use something device-specific so a fleet does not reconnect in step).</summary>
        public uint RandomSeed = 1;

        /// <summary>Optional last will (null: none).</summary>
        public string WillTopic;
        public byte[] WillPayload;

        public static int Clamp(int value, int min, int max)
        {
            return value < min ? min : (value > max ? max : value);
        }
    }
}
