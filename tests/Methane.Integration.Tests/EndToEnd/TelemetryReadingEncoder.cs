using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>The session's <see cref="IReadingEncoder"/> over the real schema v1 <see cref="TelemetryEncoder"/>.</summary>
public sealed class TelemetryReadingEncoder : IReadingEncoder
{
    private readonly TelemetryEncoder _encoder;

    public TelemetryReadingEncoder(TelemetryEncoder encoder)
    {
        _encoder = encoder;
    }

    // BufferTooSmall (-1) and InvalidReading (-2) are both "cannot encode here" to the session.
    public int Encode(Reading reading, byte[] buffer, int offset, int capacity) => _encoder.Encode(reading, buffer, offset, capacity);
}
