using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// The session's encoder port over the schema-v1 <see cref="TelemetryEncoder"/>. With device settings, each reading is
    /// encoded compact unless <see cref="DeviceSettings.RawDiagnostics"/> is on (read per reading: a shadow change applies at once).
    /// </summary>
    public sealed class TelemetryReadingEncoder : IReadingEncoder
    {
        private readonly TelemetryEncoder _encoder;
        private readonly DeviceSettings _settings;

        public TelemetryReadingEncoder(TelemetryEncoder encoder)
            : this(encoder, null)
        {
        }

        public TelemetryReadingEncoder(TelemetryEncoder encoder, DeviceSettings settings)
        {
            _encoder = encoder;
            _settings = settings;
        }

        public int Encode(Reading reading, byte[] buffer, int offset, int capacity)
        {
            if (_settings != null) _encoder.Compact = !_settings.RawDiagnostics;
            return _encoder.Encode(reading, buffer, offset, capacity);
        }
    }
}
