using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Host.Adapters.Ota;

/// <summary>
/// The two image slots of <see cref="IImageStore"/> as files in a device folder: <c>slot0.img</c>, <c>slot1.img</c> and their
/// commit markers <c>slot0.ok</c>, <c>slot1.ok</c>. Appends are flushed through to the disk before they count, so after a
/// killed process <see cref="GetLength"/> is what really reached the file.
/// </summary>
public sealed class FileImageStore : IImageStore
{
    private readonly string _folder;

    public FileImageStore(string folder, long slotCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotCapacity);
        _folder = folder;
        SlotCapacity = slotCapacity;
        Directory.CreateDirectory(folder);
    }

    public long SlotCapacity { get; }

    public string Folder => _folder;

    public string ImagePath(int slot) => Path.Combine(_folder, "slot" + CheckSlot(slot) + ".img");

    private string MarkerPath(int slot) => Path.Combine(_folder, "slot" + CheckSlot(slot) + ".ok");

    /// <summary>Puts a complete image into a slot (the factory flash of the running image).</summary>
    public void Flash(int slot, byte[] image)
    {
        if (image.Length > SlotCapacity) throw new ArgumentException("image larger than a slot", nameof(image));
        File.Delete(MarkerPath(slot));
        using (var f = new FileStream(ImagePath(slot), FileMode.Create, FileAccess.Write))
        {
            f.Write(image);
            f.Flush(flushToDisk: true);
        }
        WriteCommitMarker(slot);
    }

    public bool Erase(int slot)
    {
        try
        {
            File.Delete(MarkerPath(slot));
            using var f = new FileStream(ImagePath(slot), FileMode.Create, FileAccess.Write);
            f.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public long GetLength(int slot)
    {
        var info = new FileInfo(ImagePath(slot));
        return info.Exists ? info.Length : 0;
    }

    public bool Append(int slot, byte[] data, int offset, int count)
    {
        try
        {
            if (GetLength(slot) + count > SlotCapacity) return false;
            using var f = new FileStream(ImagePath(slot), FileMode.Append, FileAccess.Write);
            f.Write(data, offset, count);
            f.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public int Read(int slot, long position, byte[] buffer, int offset, int count)
    {
        try
        {
            using var f = new FileStream(ImagePath(slot), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (position >= f.Length) return 0;
            f.Position = position;
            return f.Read(buffer, offset, count);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public bool WriteCommitMarker(int slot)
    {
        try
        {
            using var f = new FileStream(MarkerPath(slot), FileMode.Create, FileAccess.Write);
            f.WriteByte(1);
            f.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public bool HasCommitMarker(int slot) => File.Exists(MarkerPath(slot));

    /// <summary>The whole content of a slot (tests, boot loader).</summary>
    public byte[] Content(int slot) => File.Exists(ImagePath(slot)) ? File.ReadAllBytes(ImagePath(slot)) : Array.Empty<byte>();

    private static int CheckSlot(int slot) =>
        slot is 0 or 1 ? slot : throw new ArgumentOutOfRangeException(nameof(slot), "image slots are 0 and 1");
}
