using Methane.Firmware.Core.Outbox;

namespace Methane.Firmware.Host.Adapters.Storage;

/// <summary>
/// The outbox region as a fixed-size file (created, or extended, to <see cref="Size"/> bytes of zeros). Flush forces the
/// OS to write through to the disk so a killed process or power cut loses at most the write in progress.
/// </summary>
public sealed class FileOutboxStorage : IOutboxStorage, IDisposable
{
    private readonly FileStream _file;

    public FileOutboxStorage(string path, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.RandomAccess);
        if (_file.Length < size) _file.SetLength(size);
        Size = size;
    }

    public int Size { get; }

    public void Read(int offset, byte[] buffer, int bufferOffset, int count)
    {
        CheckRange(offset, count);
        _file.Position = offset;
        _file.ReadExactly(buffer, bufferOffset, count);
    }

    public void Write(int offset, byte[] buffer, int bufferOffset, int count)
    {
        CheckRange(offset, count);
        _file.Position = offset;
        _file.Write(buffer, bufferOffset, count);
    }

    public void Flush() => _file.Flush(flushToDisk: true);

    public void Dispose() => _file.Dispose();

    private void CheckRange(int offset, int count)
    {
        if (offset < 0 || count < 0 || offset + count > Size)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset + count}) outside the {Size}-byte region");
    }
}
