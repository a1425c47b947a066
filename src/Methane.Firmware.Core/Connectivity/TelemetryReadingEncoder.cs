using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>The session's encoder port over the schema-v1 <see cref="TelemetryEncoder"/>.</summary>
    public sealed class TelemetryReadingEncoder : IReadingEncoder
    {
        private readonly TelemetryEncoder _encoder;

        public TelemetryReadingEncoder(TelemetryEncoder encoder)
        {
            _encoder = encoder;
        }

        public int Encode(Reading reading, byte[] buffer, int offset, int capacity)
        {
            return _encoder.Encode(reading, buffer, offset, capacity);
        }
    }
}
