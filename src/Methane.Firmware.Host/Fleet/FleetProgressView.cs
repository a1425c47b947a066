using System.Globalization;
using Spectre.Console;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Shows a running fleet: a live Spectre.Console table on an interactive terminal, or (headless, or when output is
/// redirected) one plain line every few seconds that a log or CI can keep.
/// </summary>
public sealed class FleetProgressView
{
    private readonly bool _headless;
    private readonly TimeSpan _every;
    private readonly TextWriter _out;
    private readonly List<string> _notes = new();
    private TimeSpan _lastLine = TimeSpan.MinValue;
    private FleetPhase _lastPhase = FleetPhase.Preparing;

    public FleetProgressView(bool headless, TimeSpan every, TextWriter output)
    {
        _headless = headless || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected;
        _every = every;
        _out = output;
    }

    public bool IsHeadless => _headless;

    /// <summary>Runs <paramref name="work"/> while showing its progress; <paramref name="work"/> gets the progress and note callbacks.</summary>
    public T Show<T>(Func<Action<FleetSnapshot>, Action<string>, T> work)
    {
        if (_headless) return work(Line, Note);
        var table = new Table().Border(TableBorder.Rounded).Title("methane fleet").AddColumn("").AddColumn("");
        T result = default!;
        AnsiConsole.Live(table).AutoClear(false).Start(ctx =>
        {
            result = work(s =>
            {
                Fill(table, s);
                ctx.Refresh();
            }, n =>
            {
                lock (_notes) _notes.Add(n);
                ctx.Refresh();
            });
        });
        return result;
    }

    private void Note(string text)
    {
        lock (_out) _out.WriteLine("fleet: " + text);
    }

    private void Line(FleetSnapshot s)
    {
        bool phaseChanged = s.Phase != _lastPhase;
        if (!phaseChanged && s.Elapsed - _lastLine < _every && s.Phase != FleetPhase.Done) return;
        _lastLine = s.Elapsed;
        _lastPhase = s.Phase;
        string broker = s.BrokerRssBytes > 0 ? " broker " + Mb(s.BrokerRssBytes) : "";
        string line = string.Create(CultureInfo.InvariantCulture, $"[{s.Elapsed.TotalSeconds,7:F1}s] {s.Phase,-9} online {s.Online}/{s.Devices} (started {s.Started}, queued to connect {s.ConnectBacklog}, lost conn {s.ConnectionsLost}) samples {s.Samples} published {s.ReadingsPublished} acked {s.ReadingsAcked} received {s.Received} dup {s.Duplicates} {s.ReceivedPerSecond:F0}/s p50 {s.LatencyP50} ms p99 {s.LatencyP99} ms cpu {s.CpuPercent:F0}% ws {Mb(s.WorkingSetBytes)} gc {Mb(s.GcHeapBytes)}{broker}");
        lock (_out) _out.WriteLine(line);
    }

    private void Fill(Table table, FleetSnapshot s)
    {
        table.Rows.Clear();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("phase", $"{s.Phase} ({s.PhaseRemaining.TotalSeconds:F0} s left), elapsed {s.Elapsed.TotalSeconds:F0} s");
        Row("devices", $"{s.Online} online / {s.Devices} (started {s.Started}, ever online {s.EverOnline}, waiting to connect {s.ConnectBacklog})");
        Row("connections", $"{s.ConnectAttempts} attempts, {s.ConnectionsLost} lost");
        Row("readings", $"taken {s.Samples:N0}, published {s.ReadingsPublished:N0}, acked {s.ReadingsAcked:N0}");
        Row("subscriber", $"received {s.Received:N0} ({s.ReceivedPerSecond:F0}/s), duplicates {s.Duplicates:N0}");
        Row("latency", s.LatencyP50 < 0 ? "-" : $"p50 {s.LatencyP50} ms, p99 {s.LatencyP99} ms");
        Row("process", $"CPU {s.CpuPercent:F0} % of a core, working set {Mb(s.WorkingSetBytes)}, GC heap {Mb(s.GcHeapBytes)}");
        if (s.BrokerRssBytes > 0) Row("broker", "RSS " + Mb(s.BrokerRssBytes));
        lock (_notes)
        {
            foreach (string n in _notes.TakeLast(4)) Row("note", n);
        }
        if (s.LastEvent.Length > 0) Row("last error", s.LastEvent);
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) + " MB";
}
