namespace Methane.Firmware.Core.Outbox
{
    /// <summary>
    /// A fixed-size persistent byte region (a file on the host, a file or partition on the device's internal flash).
    /// Writes may be torn by a power cut at any byte; the outbox and sequence counter detect that with CRC-32.
    /// Unwritten bytes may hold anything (zeros, 0xFF, old data).
    /// </summary>
    public interface IOutboxStorage
    {
        /// <summary>Size of the region in bytes; constant.</summary>
        int Size { get; }

        void Read(int offset, byte[] buffer, int bufferOffset, int count);

        void Write(int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Makes every completed Write durable.</summary>
        void Flush();
    }
}
