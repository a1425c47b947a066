using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// Encodes one reading as one telemetry JSON object (schema v1). The publish pipeline sends it alone as a live message, or
    /// joins several into a JSON array for the batch topic. Implemented over the telemetry encoder.
    /// </summary>
    public interface IReadingEncoder
    {
        /// <summary>
        /// Writes the object at <paramref name="offset"/> and returns its length; -1 if it needs more
        /// than <paramref name="capacity"/> bytes; any other negative value if this reading can never be encoded (it is skipped).
        /// </summary>
        int Encode(Reading reading, byte[] buffer, int offset, int capacity);
    }
}
