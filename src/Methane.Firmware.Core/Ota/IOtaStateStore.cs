namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// Two small persistent copies (0 and 1) of the OTA state record (a file or flash sector each). The core alternates
    /// between them and CRC-checks both, so a write torn by a power cut leaves the previous state readable.
    /// </summary>
    public interface IOtaStateStore
    {
        /// <summary>Reads the copy into <paramref name="buffer"/>; returns the stored length (0 when the copy is empty or unreadable).</summary>
        int Read(int copy, byte[] buffer, int offset, int count);

        /// <summary>Replaces the copy's content. False when the write failed.</summary>
        bool Write(int copy, byte[] data, int offset, int count);
    }
}
