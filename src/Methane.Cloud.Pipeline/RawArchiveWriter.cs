using System.Globalization;
using System.IO.Compression;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// The raw archive, laid out as the Firehose stream lays it out in S3: <c>site=S/year=YYYY/month=MM/day=DD/</c>, files of
/// gzip-compressed NDJSON, one object per line. Date from the receive time (UTC), as Firehose's <c>!{timestamp:…}</c>.
/// Files are rolled after <see cref="RollAfter"/>, like Firehose's buffer interval. Single-threaded.
/// </summary>
public sealed class RawArchiveWriter : IDisposable
{
    private sealed class OpenFile
    {
        public required string Path;
        public required FileStream File;
        public required GZipStream Gzip;
        public long OpenedMs;
        public long Lines;
    }

    private readonly string _root;
    private readonly Dictionary<(string Site, int Year, int Month, int Day), OpenFile> _open = new();
    private readonly List<string> _closed = new();
    private long _fileCounter;

    public RawArchiveWriter(string root, TimeSpan rollAfter)
    {
        _root = root;
        RollAfter = rollAfter;
        Directory.CreateDirectory(root);
    }

    public TimeSpan RollAfter { get; }
    public long LinesWritten { get; private set; }
    public IReadOnlyList<string> ClosedFiles => _closed;

    /// <summary>Relative partition folder for a site and an epoch-ms time (the same as the Firehose S3 prefix after <c>raw/</c>).</summary>
    public static string PartitionOf(string site, long epochMs)
    {
        DateTime t = DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"site={site}/year={t.Year:D4}/month={t.Month:D2}/day={t.Day:D2}");
    }

    /// <summary>Appends one line (a compact JSON object without newline) to the partition of <paramref name="site"/> at <paramref name="receivedMs"/>.</summary>
    public void Write(string site, long receivedMs, ReadOnlySpan<byte> jsonLine)
    {
        DateTime t = DateTimeOffset.FromUnixTimeMilliseconds(receivedMs).UtcDateTime;
        var key = (site, t.Year, t.Month, t.Day);
        if (!_open.TryGetValue(key, out OpenFile? f))
        {
            string dir = Path.Combine(_root, PartitionOf(site, receivedMs));
            Directory.CreateDirectory(dir);
            string name = string.Create(CultureInfo.InvariantCulture,
                $"methane-raw-archive-{t:yyyy-MM-dd-HH-mm-ss}-{Environment.ProcessId}-{++_fileCounter:D6}.ndjson.gz");
            string path = Path.Combine(dir, name);
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
            f = new OpenFile { Path = path, File = file, Gzip = new GZipStream(file, CompressionLevel.Fastest), OpenedMs = Environment.TickCount64 };
            _open[key] = f;
        }
        f.Gzip.Write(jsonLine);
        f.Gzip.WriteByte((byte)'\n');
        f.Lines++;
        LinesWritten++;
    }

    /// <summary>Closes files open longer than <see cref="RollAfter"/> (or all of them when <paramref name="all"/>).</summary>
    public void Roll(bool all = false)
    {
        long now = Environment.TickCount64;
        foreach (var (key, f) in _open.ToArray())
        {
            if (all || now - f.OpenedMs >= RollAfter.TotalMilliseconds)
            {
                f.Gzip.Dispose();
                f.File.Dispose();
                _closed.Add(f.Path);
                _open.Remove(key);
            }
        }
    }

    public void Dispose() => Roll(all: true);
}
