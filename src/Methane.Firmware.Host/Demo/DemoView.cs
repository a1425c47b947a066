using Spectre.Console;

namespace Methane.Firmware.Host.Demo;

/// <summary>What the demo shows: colored event lines and periodic readings tables (Spectre.Console), or plain lines headless.</summary>
public sealed class DemoView(bool headless, TextWriter plain)
{
    private readonly object _gate = new();

    public void Info(string text) => Line(text, "grey");

    public void Banner(string text) => Line(text, "bold deepskyblue1");

    public void Scenario(string text) => Line(text, "bold magenta");

    public void DeviceLine(string thing, string line)
    {
        string color = line.Contains("ALARM", StringComparison.Ordinal) ? "bold red"
            : line.Contains("ERROR", StringComparison.Ordinal) ? "red"
            : line.Contains("WARN", StringComparison.Ordinal) ? "yellow"
            : line.Contains("cleared", StringComparison.Ordinal) || line.Contains("connected", StringComparison.Ordinal) ? "green"
            : "silver";
        Line($"{thing,-9} {line}", color);
    }

    public void Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        lock (_gate)
        {
            if (headless)
            {
                plain.WriteLine(title);
                var all = new List<string[]> { headers };
                all.AddRange(rows);
                int[] widths = Enumerable.Range(0, headers.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
                foreach (var r in all) plain.WriteLine("  " + string.Join("  ", r.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
                return;
            }
            var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
            foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)).RightAligned());
            foreach (var r in rows) table.AddRow(r.Select(c => new Markup(Markup.Escape(c))).ToArray());
            AnsiConsole.Write(table);
        }
    }

    private void Line(string text, string color)
    {
        lock (_gate)
        {
            if (headless) plain.WriteLine(text);
            else AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(text)}[/]");
        }
    }
}
