using System.Globalization;
using System.IO.Compression;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// The raw archive, laid out as the Firehose stream lays it out in S3: <c>site=S/year=YYYY/month=MM/day=DD/</c>, files of
/// gzip-compressed NDJSON, one object per line. Date from the receive time (UTC), as Firehose's <c>!{timestamp:…}</c>.
/// <para>
/// Lines are buffered until <see cref="Commit"/>, which appends them to each partition's file as one complete gzip member
/// (RFC 1952 §2.2: a gzip file is a series of members; gzip, zcat and .NET read them all). So a file is valid gzip after
/// every commit, even if the process is killed; a commit that fails (disk full) is cut off again and keeps its lines for
/// the next attempt. Files are rolled after <see cref="RollAfter"/>, like Firehose's buffer interval. Single-threaded.
/// </para>
/// </summary>
public sealed class RawArchiveWriter : IDisposable
{
    private sealed class Partition
    {
        public required string Directory;
        public required string FilePrefix;
        public readonly MemoryStream Pending = new();
        public int PendingLines;
        public string? Path;
        public Stream? File;
        public long OpenedMs;
    }

    private readonly string _root;
    private readonly Func<string, Stream> _create;
    private readonly Dictionary<(string Site, int Year, int Month, int Day), Partition> _partitions = new();
    private readonly List<string> _closed = new();
    private long _fileCounter;

    /// <param name="createFile">Opens a new archive file for appending (tests pass a stream that fails like a full disk).</param>
    public RawArchiveWriter(string root, TimeSpan rollAfter, Func<string, Stream>? createFile = null)
    {
        _root = root;
        RollAfter = rollAfter;
        _create = createFile ?? (path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0));
        Directory.CreateDirectory(root);
    }

    public TimeSpan RollAfter { get; }
    /// <summary>Lines committed to files.</summary>
    public long LinesWritten { get; private set; }
    public int PendingLines => _partitions.Values.Sum(p => p.PendingLines);
    public IReadOnlyList<string> ClosedFiles => _closed;

    /// <summary>Relative partition folder for a site and an epoch-ms time (the same as the Firehose S3 prefix after <c>raw/</c>).</summary>
    public static string PartitionOf(string site, long epochMs)
    {
        DateTime t = DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"site={site}/year={t.Year:D4}/month={t.Month:D2}/day={t.Day:D2}");
    }

    /// <summary>Buffers one line (a compact JSON object without newline) for the partition of <paramref name="site"/> at <paramref name="receivedMs"/>.</summary>
    public void Write(string site, long receivedMs, ReadOnlySpan<byte> jsonLine)
    {
        DateTime t = DateTimeOffset.FromUnixTimeMilliseconds(receivedMs).UtcDateTime;
        var key = (site, t.Year, t.Month, t.Day);
        if (!_partitions.TryGetValue(key, out Partition? p))
        {
            p = new Partition
            {
                Directory = Path.Combine(_root, PartitionOf(site, receivedMs)),
                FilePrefix = string.Create(CultureInfo.InvariantCulture, $"methane-raw-archive-{t:yyyy-MM-dd-HH-mm-ss}-{Environment.ProcessId}-"),
            };
            _partitions[key] = p;
        }
        p.Pending.Write(jsonLine);
        p.Pending.WriteByte((byte)'\n');
        p.PendingLines++;
    }

    /// <summary>
    /// Appends every partition's buffered lines as one gzip member and hands them to the operating system. Throws the
    /// IOException of a failed write (disk full) after cutting the file back to its last complete member; the lines stay
    /// buffered and the next call tries again.
    /// </summary>
    public void Commit()
    {
        foreach (Partition p in _partitions.Values)
        {
            if (p.PendingLines == 0) continue;
            byte[] member = Compress(p.Pending);
            if (p.File == null) Open(p);
            Stream file = p.File!;
            long before = file.Length;
            try
            {
                file.Write(member);
                file.Flush();
            }
            catch (IOException)
            {
                CutBack(p, before);
                throw;
            }
            LinesWritten += p.PendingLines;
            p.Pending.SetLength(0);
            p.PendingLines = 0;
        }
    }

    /// <summary>Closes files open longer than <see cref="RollAfter"/> (or all of them when <paramref name="all"/>); never one with lines not yet committed.</summary>
    public void Roll(bool all = false)
    {
        long now = Environment.TickCount64;
        foreach (Partition p in _partitions.Values)
        {
            if (p.File == null || p.PendingLines > 0) continue;
            if (all || now - p.OpenedMs >= RollAfter.TotalMilliseconds) Close(p);
        }
    }

    /// <summary>Commits what is buffered and closes every file. Throws (and leaves the lines buffered) when the commit fails.</summary>
    public void Dispose()
    {
        Commit();
        Roll(all: true);
    }

    /// <summary>Closes every file and drops lines not committed (a stop that gave up: their messages were not acknowledged).</summary>
    public void Abandon()
    {
        foreach (Partition p in _partitions.Values)
        {
            p.Pending.SetLength(0);
            p.PendingLines = 0;
            if (p.File != null)
            {
                try { Close(p); } catch (IOException) { }
            }
        }
    }

    private void Open(Partition p)
    {
        Directory.CreateDirectory(p.Directory);
        // Random part as in Firehose's object names: a restarted writer (same process, same second) never meets an old file.
        p.Path = Path.Combine(p.Directory, p.FilePrefix + (++_fileCounter).ToString("D6", CultureInfo.InvariantCulture) + "-"
            + Guid.NewGuid().ToString("N")[..8] + ".ndjson.gz");
        p.File = _create(p.Path);
        p.OpenedMs = Environment.TickCount64;
    }

    private void Close(Partition p)
    {
        p.File!.Dispose();
        _closed.Add(p.Path!);
        p.File = null;
        p.Path = null;
    }

    private void CutBack(Partition p, long length)
    {
        try
        {
            p.File!.SetLength(length);
            p.File.Position = length;
        }
        catch (IOException)
        {
            // The file may now end in a torn member; start a new file for the retry so that the old one holds only its members.
            try { p.File!.Dispose(); } catch (IOException) { }
            _closed.Add(p.Path!);
            p.File = null;
            p.Path = null;
        }
    }

    private static byte[] Compress(MemoryStream lines)
    {
        var output = new MemoryStream((int)(lines.Length / 4) + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(lines.GetBuffer(), 0, (int)lines.Length);
        return output.ToArray();
    }
}
