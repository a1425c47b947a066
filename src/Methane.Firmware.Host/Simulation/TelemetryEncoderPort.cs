using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Host.Simulation;

/// <summary>The session's encoder port over the schema-v1 encoder (the core gets its own TelemetryReadingEncoder with the shadow work).</summary>
internal sealed class TelemetryEncoderPort(TelemetryEncoder encoder) : IReadingEncoder
{
    public int Encode(Reading reading, byte[] buffer, int offset, int capacity) => encoder.Encode(reading, buffer, offset, capacity);
}
