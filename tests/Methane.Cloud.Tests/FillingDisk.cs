namespace Methane.Cloud.Tests;

/// <summary>
/// Files in memory on a disk of <see cref="CapacityBytes"/>: a write that does not fit writes what fits (as write(2) does)
/// and then fails with ENOSPC's message. Raise the capacity to "free space".
/// </summary>
internal sealed class FillingDisk
{
    public FillingDisk(long capacityBytes) => CapacityBytes = capacityBytes;

    public long CapacityBytes { get; set; }
    public Dictionary<string, MemoryStream> Files { get; } = new();
    public long Used => Files.Values.Sum(f => f.Length);

    public Stream Create(string path)
    {
        var data = new MemoryStream();
        Files.Add(path, data);
        return new FileOnDisk(this, data);
    }

    private sealed class FileOnDisk(FillingDisk disk, MemoryStream data) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => data.Length;
        public override long Position { get => data.Position; set => data.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => data.Seek(offset, origin);
        public override void SetLength(long value) => data.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            long free = Math.Max(0, disk.CapacityBytes - disk.Used);
            int fits = (int)Math.Min(free, count);
            data.Write(buffer, offset, fits);
            if (fits < count) throw new IOException("No space left on device : '" + "archive" + "'");
        }
    }
}
