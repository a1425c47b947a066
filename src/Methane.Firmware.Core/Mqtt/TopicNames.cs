namespace Methane.Firmware.Core.Mqtt
{
    /// <summary>
    /// Validation of the names that go into topics: the one rule for thing and site names in the project (the telemetry
    /// schema's <c>^[A-Za-z0-9_-]{1,64}$</c>, used by the device identity, the brokers' certificate check and the PKI). It
    /// keeps out the MQTT specials '/', '+', '#', '$', ':' and anything non-ASCII.
    /// Whole topics must stay within AWS IoT's 256 bytes and 7 slashes.
    /// </summary>
    public static class TopicNames
    {
        public const int MaxNameLength = 64;
        public const int MaxJobIdLength = 64;
        public const int MaxTopicBytes = 256;
        public const int MaxSlashes = 7;

        public static bool IsValidThingName(string name)
        {
            return IsValidName(name, MaxNameLength);
        }

        public static bool IsValidSiteName(string name)
        {
            return IsValidName(name, MaxNameLength);
        }

        /// <summary>AWS IoT job ids: [A-Za-z0-9_-], 1..64.</summary>
        public static bool IsValidJobId(string jobId)
        {
            return IsValidName(jobId, MaxJobIdLength);
        }

        /// <summary>True if the topic is a publishable topic name within AWS IoT limits (no wildcards, ≤ 256 bytes, ≤ 7 slashes).</summary>
        public static bool IsValidTopic(string topic)
        {
            if (topic == null || topic.Length == 0) return false;
            int bytes = 0;
            int slashes = 0;
            for (int i = 0; i < topic.Length; i++)
            {
                char c = topic[i];
                if (c == '+' || c == '#' || c == '\0') return false;
                if (c == '/') slashes++;
                bytes += c < 0x80 ? 1 : (c < 0x800 ? 2 : 3);
            }
            return bytes <= MaxTopicBytes && slashes <= MaxSlashes;
        }

        private static bool IsValidName(string name, int maxLength)
        {
            if (name == null || name.Length == 0 || name.Length > maxLength) return false;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok) return false;
            }
            return true;
        }
    }
}
