using System.Text;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Tests.Connectivity;

/// <summary>
/// Stand-in for the telemetry encoder: {"seq":N,"flags":F,"pad":"xx…"} with a configurable pad so tests control sizes.
/// </summary>
public sealed class TestReadingEncoder : IReadingEncoder
{
    public int Padding { get; set; }

    /// <summary>Called at the start of every Encode (e.g. to let virtual time pass while encoding).</summary>
    public Action<Reading>? OnEncode { get; set; }

    public int Encode(Reading reading, byte[] buffer, int offset, int capacity)
    {
        OnEncode?.Invoke(reading);
        var text = $"{{\"seq\":{reading.Seq},\"flags\":{reading.Flags},\"pad\":\"{new string('x', Padding)}\"}}";
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length > capacity) return -1;
        bytes.CopyTo(buffer, offset);
        return bytes.Length;
    }
}
