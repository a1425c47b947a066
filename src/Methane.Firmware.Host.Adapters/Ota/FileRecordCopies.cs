using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Host.Adapters.Ota;

/// <summary>
/// The two small record copies of <see cref="IOtaStateStore"/> and <see cref="IJobStateStore"/> as two files
/// (<c>{name}.0</c>, <c>{name}.1</c>) in the device folder. Written in place and flushed to the disk; a write torn by a killed
/// process leaves a short or mixed copy, which the core's CRC rejects in favour of the other copy.
/// </summary>
public sealed class FileRecordCopies : IOtaStateStore, IJobStateStore
{
    private readonly string _folder;
    private readonly string _name;

    public FileRecordCopies(string folder, string name)
    {
        _folder = folder;
        _name = name;
        Directory.CreateDirectory(folder);
    }

    public string CopyPath(int copy) =>
        Path.Combine(_folder, _name + "." + (copy is 0 or 1 ? copy : throw new ArgumentOutOfRangeException(nameof(copy))));

    public int Read(int copy, byte[] buffer, int offset, int count)
    {
        try
        {
            using var f = new FileStream(CopyPath(copy), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            int total = 0;
            while (total < count)
            {
                int n = f.Read(buffer, offset + total, count - total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public bool Write(int copy, byte[] data, int offset, int count)
    {
        try
        {
            using var f = new FileStream(CopyPath(copy), FileMode.OpenOrCreate, FileAccess.Write);
            f.Write(data, offset, count);
            f.SetLength(count);
            f.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
