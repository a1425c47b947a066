using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Core.Telemetry
{
    /// <summary>
    /// Who a device is on the wire: AWS IoT thing name (= MQTT client id = certificate CN), natural-gas site id and firmware
    /// version. Validated once against the telemetry schema's character sets and pre-encoded as quoted ASCII JSON strings,
    /// so encoding a reading copies bytes and allocates nothing.
    /// </summary>
    public sealed class DeviceIdentity
    {
        public const int MaxThingNameLength = TopicNames.MaxNameLength;
        public const int MaxSiteIdLength = TopicNames.MaxNameLength;
        public const int MaxFirmwareVersionLength = 32;

        private readonly string _thingName;
        private readonly string _siteId;
        private readonly string _firmwareVersion;
        private readonly byte[] _thingJson;
        private readonly byte[] _siteJson;
        private readonly byte[] _firmwareJson;

        /// <exception cref="System.ArgumentException">A value is empty, too long or uses a character the schema forbids.</exception>
        public DeviceIdentity(string thingName, string siteId, string firmwareVersion)
        {
            if (!IsValidThingName(thingName))
            {
                throw new System.ArgumentException("thing name: 1-64 characters of A-Z a-z 0-9 _ -", "thingName");
            }
            if (!IsValidSiteId(siteId))
            {
                throw new System.ArgumentException("site id: 1-64 characters of A-Z a-z 0-9 _ -", "siteId");
            }
            if (!IsValidFirmwareVersion(firmwareVersion))
            {
                throw new System.ArgumentException("firmware version: major.minor.patch, digits only, at most 32 characters", "firmwareVersion");
            }
            _thingName = thingName;
            _siteId = siteId;
            _firmwareVersion = firmwareVersion;
            _thingJson = Quote(thingName);
            _siteJson = Quote(siteId);
            _firmwareJson = Quote(firmwareVersion);
        }

        public string ThingName { get { return _thingName; } }

        public string SiteId { get { return _siteId; } }

        public string FirmwareVersion { get { return _firmwareVersion; } }

        /// <summary>The thing name as a quoted JSON string (ASCII).</summary>
        internal byte[] ThingJson { get { return _thingJson; } }

        internal byte[] SiteJson { get { return _siteJson; } }

        internal byte[] FirmwareJson { get { return _firmwareJson; } }

        /// <summary>Schema <c>thing</c>: ^[A-Za-z0-9_-]{1,64}$ (the certificate CN and a topic level; see <see cref="TopicNames"/>).</summary>
        public static bool IsValidThingName(string value)
        {
            return TopicNames.IsValidThingName(value);
        }

        /// <summary>Schema <c>site</c>: ^[A-Za-z0-9_-]{1,64}$ (safe as one MQTT topic level: no '/', '+', '#').</summary>
        public static bool IsValidSiteId(string value)
        {
            return TopicNames.IsValidSiteName(value);
        }

        /// <summary>Schema <c>fw</c>: ^[0-9]+\.[0-9]+\.[0-9]+$ (and at most 32 characters).</summary>
        public static bool IsValidFirmwareVersion(string value)
        {
            if (value == null || value.Length == 0 || value.Length > MaxFirmwareVersionLength)
            {
                return false;
            }
            int dots = 0;
            bool digitSinceDot = false;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c >= '0' && c <= '9')
                {
                    digitSinceDot = true;
                }
                else if (c == '.' && digitSinceDot)
                {
                    dots++;
                    digitSinceDot = false;
                }
                else
                {
                    return false;
                }
            }
            return dots == 2 && digitSinceDot;
        }

        // Validated values are plain ASCII without quote or backslash, so no escaping is needed.
        private static byte[] Quote(string value)
        {
            byte[] bytes = new byte[value.Length + 2];
            bytes[0] = (byte)'"';
            for (int i = 0; i < value.Length; i++)
            {
                bytes[i + 1] = (byte)value[i];
            }
            bytes[bytes.Length - 1] = (byte)'"';
            return bytes;
        }
    }
}
