using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Tests.Ota;

internal sealed class FakeClock : IClock
{
    public long Now;
    /// <summary>Wall-clock time at boot; a simulated reboot resets <see cref="Now"/> (uptime) but moves this forward.</summary>
    public long BootEpoch = 1_700_000_000_000;
    public long UptimeMilliseconds => Now;
    public bool IsWallClockSet => true;
    public long EpochMilliseconds => BootEpoch + Now;
    public void Sleep(int milliseconds) => Now += milliseconds;
}

internal sealed class PowerCutException : Exception
{
}

/// <summary>Counts every write to persistent storage; the write numbered <see cref="CutAt"/> is torn and the power goes.</summary>
internal sealed class PowerRail
{
    public readonly HashSet<int> CutAt = new();
    public int Writes;

    /// <summary>True when this write is the one interrupted by the power cut.</summary>
    public bool NextWriteIsCut()
    {
        Writes++;
        return CutAt.Contains(Writes);
    }
}

internal sealed class FakeImageStore : IImageStore
{
    private readonly byte[][] _slots;
    private readonly long[] _lengths = new long[2];
    private readonly bool[] _markers = new bool[2];
    private readonly PowerRail _rail;

    /// <summary>When a torn append leaves garbage (not just a shorter prefix) on the flash.</summary>
    public bool TornAppendLeavesGarbage;
    public bool FailAppends;

    public FakeImageStore(int capacity, PowerRail? rail = null)
    {
        _slots = new[] { new byte[capacity], new byte[capacity] };
        _rail = rail ?? new PowerRail();
    }

    public long SlotCapacity => _slots[0].Length;

    /// <summary>Installs an image as if flashed at the factory.</summary>
    public void Flash(int slot, byte[] image)
    {
        Array.Clear(_slots[slot]);
        image.CopyTo(_slots[slot], 0);
        _lengths[slot] = image.Length;
        _markers[slot] = true;
    }

    public byte[] Content(int slot) => _slots[slot].AsSpan(0, (int)_lengths[slot]).ToArray();

    public bool Erase(int slot)
    {
        if (_rail.NextWriteIsCut())
        {
            // A cut erase has cleared the marker (erased first) but maybe not all the bytes.
            _markers[slot] = false;
            _lengths[slot] /= 2;
            throw new PowerCutException();
        }
        Array.Clear(_slots[slot]);
        _lengths[slot] = 0;
        _markers[slot] = false;
        return true;
    }

    public long GetLength(int slot) => _lengths[slot];

    public bool Append(int slot, byte[] data, int offset, int count)
    {
        if (FailAppends || _lengths[slot] + count > SlotCapacity || _markers[slot])
        {
            return false;
        }
        if (_rail.NextWriteIsCut())
        {
            int kept = count / 2;
            Array.Copy(data, offset, _slots[slot], _lengths[slot], kept);
            if (TornAppendLeavesGarbage && kept > 0)
            {
                _slots[slot][_lengths[slot] + kept - 1] ^= 0x5A;
            }
            _lengths[slot] += kept;
            throw new PowerCutException();
        }
        Array.Copy(data, offset, _slots[slot], _lengths[slot], count);
        _lengths[slot] += count;
        return true;
    }

    public int Read(int slot, long position, byte[] buffer, int offset, int count)
    {
        long n = Math.Min(count, _lengths[slot] - position);
        if (n <= 0)
        {
            return 0;
        }
        Array.Copy(_slots[slot], position, buffer, offset, n);
        return (int)n;
    }

    public bool WriteCommitMarker(int slot)
    {
        if (_rail.NextWriteIsCut())
        {
            throw new PowerCutException();
        }
        _markers[slot] = true;
        return true;
    }

    public bool HasCommitMarker(int slot) => _markers[slot];
}

internal sealed class FakeStateStore : IOtaStateStore
{
    public readonly byte[][] Copies = { Array.Empty<byte>(), Array.Empty<byte>() };
    private readonly PowerRail _rail;
    public bool FailWrites;

    public FakeStateStore(PowerRail? rail = null)
    {
        _rail = rail ?? new PowerRail();
    }

    public int Read(int copy, byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, Copies[copy].Length);
        Array.Copy(Copies[copy], 0, buffer, offset, n);
        return n;
    }

    public bool Write(int copy, byte[] data, int offset, int count)
    {
        if (FailWrites)
        {
            return false;
        }
        if (_rail.NextWriteIsCut())
        {
            // Torn: the first half of the new record over the old one.
            var torn = Copies[copy].Length >= count ? (byte[])Copies[copy].Clone() : new byte[count];
            Array.Copy(data, offset, torn, 0, count / 2);
            Copies[copy] = torn;
            throw new PowerCutException();
        }
        Copies[copy] = data.AsSpan(offset, count).ToArray();
        return true;
    }
}

/// <summary>An HTTP server reduced to what the core sees: Range requests over one image, with scripted faults.</summary>
internal sealed class FakeDownloader : IImageDownloader
{
    private readonly FakeClock? _clock;
    private byte[] _image;
    private long _position;
    private bool _open;

    public readonly List<long> OpenOffsets = new();
    public readonly List<long> OpenTimes = new();
    public long BytesServed;
    /// <summary>Stream positions at which the connection is cut once each (before the byte at that position is sent).</summary>
    public readonly SortedSet<long> DropAt = new();
    /// <summary>Statuses returned by the next Open calls, in order, before serving normally.</summary>
    public readonly Queue<DownloadStatus> OpenFailures = new();
    /// <summary>Length announced on Open; null means the image length, -1 unknown.</summary>
    public long? AnnouncedLength;
    public bool IgnoresRange;
    /// <summary>Virtual milliseconds each Read takes (a slow server).</summary>
    public int ReadDelayMs;
    public int MaxChunk = int.MaxValue;

    public FakeDownloader(byte[] image, FakeClock? clock = null)
    {
        _image = image;
        _clock = clock;
    }

    public DownloadStatus Open(string url, long startOffset, out long totalLength)
    {
        OpenOffsets.Add(startOffset);
        OpenTimes.Add(_clock?.Now ?? 0);
        totalLength = -1;
        if (OpenFailures.Count > 0)
        {
            return OpenFailures.Dequeue();
        }
        if (IgnoresRange && startOffset != 0)
        {
            return DownloadStatus.RangeNotSupported;
        }
        if (startOffset > _image.Length)
        {
            return DownloadStatus.RangeNotSupported;
        }
        totalLength = AnnouncedLength ?? _image.Length;
        _position = startOffset;
        _open = true;
        return DownloadStatus.Ok;
    }

    public DownloadStatus Read(byte[] buffer, int offset, int count, out int read)
    {
        read = 0;
        if (!_open)
        {
            return DownloadStatus.ConnectionDropped;
        }
        if (_clock != null)
        {
            _clock.Now += ReadDelayMs;
        }
        if (DropAt.Count > 0 && DropAt.Min <= _position + Math.Min(count, MaxChunk) && DropAt.Min >= _position)
        {
            long cut = DropAt.Min;
            if (cut == _position)
            {
                DropAt.Remove(cut);
                _open = false;
                return DownloadStatus.ConnectionDropped;
            }
            count = (int)(cut - _position);
        }
        int n = (int)Math.Min(Math.Min(count, MaxChunk), _image.Length - _position);
        if (n <= 0)
        {
            return DownloadStatus.EndOfStream;
        }
        Array.Copy(_image, _position, buffer, offset, n);
        _position += n;
        BytesServed += n;
        read = n;
        return DownloadStatus.Ok;
    }

    public void Close() => _open = false;
}
