using System.Globalization;

namespace Methane.Cloud.Pipeline.Cost;

/// <summary><c>cost --run traffic.json [--before traffic.json] [--prices prices.json] [--fleets 1000,10000]</c>.</summary>
public static class CostCommand
{
    public static int Run(Dictionary<string, string> o, TextWriter stdout, TextWriter stderr)
    {
        if (!o.TryGetValue("run", out string? runPath))
        {
            stderr.WriteLine("cost: --run traffic.json is required (write one with: dotnet run --project src/Methane.Demo -c Release -- --headless --speed 0 --traffic-json traffic.json)");
            return 2;
        }
        int[] fleets;
        try
        {
            fleets = o.GetValueOrDefault("fleets", "1000,10000").Split(',').Select(f =>
                int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n
                    : throw new FormatException($"--fleets: got '{f}', expected device counts > 0 separated by commas")).ToArray();
            PriceTable prices = PriceTable.Load(o.GetValueOrDefault("prices", PriceTable.DefaultPath));
            var runs = new List<(string Label, TrafficRun Run)>();
            if (o.TryGetValue("before", out string? before)) runs.Add(("before", TrafficRun.Load(before)));
            runs.Add((runs.Count > 0 ? "after" : "run", TrafficRun.Load(runPath)));
            stdout.WriteLine($"prices: {prices.Region}, as of {prices.AsOf} (sources in the price file)");
            foreach ((string label, TrafficRun run) in runs)
            {
                stdout.WriteLine($"{label}: {run.Source}, {run.Devices} devices, {run.DurationSeconds:0} s, sample every {run.SampleIntervalSeconds} s, " +
                                 $"publish interval {run.PublishIntervalSeconds} s, {run.ReadingsTaken} readings; messages by topic: " +
                                 string.Join(", ", run.Topics.Select(t => $"{t.Key} {t.Value.Messages} ({t.Value.Bytes} B)")));
            }
            foreach (int fleet in fleets)
            {
                var bills = runs.Select(r => (r.Label, Lines: CostModel.PerDeviceMonth(r.Run, prices, fleet))).ToList();
                stdout.WriteLine();
                stdout.WriteLine($"fleet of {fleet:N0} devices: $ per device-month");
                stdout.WriteLine($"  {"component",-28}" + string.Concat(bills.Select(b => $"{b.Label,10}")) + "   basis (" + bills[^1].Label + ")");
                for (int i = 0; i < bills[0].Lines.Count; i++)
                {
                    stdout.WriteLine($"  {bills[0].Lines[i].Component,-28}" + string.Concat(bills.Select(b => $"{b.Lines[i].UsdPerDeviceMonth,10:0.0000}")) + "   " + bills[^1].Lines[i].Basis);
                }
                stdout.WriteLine($"  {"total",-28}" + string.Concat(bills.Select(b => $"{b.Lines.Sum(l => l.UsdPerDeviceMonth),10:0.0000}")));
            }
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            stderr.WriteLine("cost: " + e.Message);
            return 2;
        }
    }
}
