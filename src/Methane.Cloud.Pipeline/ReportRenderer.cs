using ScottPlot;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// Renders PNG charts of a local run from the DuckDB file: CH4 and %LEL per device, alarms, device health. The time charts
/// leave out readings whose device time is implausible (time_flag, see <see cref="TimestampWindow"/>); the health chart counts them.
/// </summary>
public static class ReportRenderer
{
    public static IReadOnlyList<string> Render(DuckDbStore store, string outDir, int width = 1200, int height = 600)
    {
        Directory.CreateDirectory(outDir);
        var files = new List<string>();
        var series = store.Query("SELECT thing, site, event_ms, ch4_ppm, derived_lel_pct, site_alarm FROM readings WHERE ch4_ppm IS NOT NULL AND quality <> 'invalid' AND time_flag IS NULL ORDER BY thing, event_ms",
            r => (Thing: r.GetString(0), Site: r.GetString(1), T: r.GetInt64(2), Ppm: r.GetDouble(3), Lel: r.IsDBNull(4) ? double.NaN : r.GetDouble(4), Alarm: r.GetInt32(5)));

        files.Add(Lines(series.GroupBy(s => s.Thing), s => s.T, s => s.Ppm, "Methane per device", "CH4 (ppm)", Path.Combine(outDir, "ch4_ppm.png"), width, height));
        files.Add(Lines(series.GroupBy(s => s.Thing), s => s.T, s => s.Lel, "Methane per device (% of lower explosive limit)", "%LEL", Path.Combine(outDir, "lel_pct.png"), width, height));
        files.Add(Lines(series.GroupBy(s => s.Thing), s => s.T, s => s.Alarm, "Site-threshold alarm level per device (0 none, 1 low, 2 high)", "alarm level", Path.Combine(outDir, "alarms.png"), width, height));

        var health = store.Query("""
            SELECT thing, count(*) FILTER (WHERE quality = 'good'), count(*) FILTER (WHERE quality = 'degraded'), count(*) FILTER (WHERE quality = 'invalid')
            FROM readings GROUP BY thing ORDER BY thing
            """, r => (Thing: r.GetString(0), Good: r.GetInt64(1), Degraded: r.GetInt64(2), Invalid: r.GetInt64(3)));
        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < health.Count; i++)
        {
            var h = health[i];
            double x = i;
            bars.Add(new Bar { Position = x, ValueBase = 0, Value = h.Good, FillColor = Colors.SeaGreen });
            bars.Add(new Bar { Position = x, ValueBase = h.Good, Value = h.Good + h.Degraded, FillColor = Colors.Orange });
            bars.Add(new Bar { Position = x, ValueBase = h.Good + h.Degraded, Value = h.Good + h.Degraded + h.Invalid, FillColor = Colors.Crimson });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, health.Count).Select(i => (double)i).ToArray(), health.Select(h => h.Thing).ToArray());
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "good", FillColor = Colors.SeaGreen });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "degraded", FillColor = Colors.Orange });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "invalid", FillColor = Colors.Crimson });
        plot.ShowLegend();
        plot.Title("Device health: readings by data quality (from flags)");
        plot.YLabel("readings");
        plot.Axes.Margins(bottom: 0);
        string healthPath = Path.Combine(outDir, "device_health.png");
        plot.SavePng(healthPath, width, height);
        files.Add(healthPath);
        return files;
    }

    private static string Lines<T>(IEnumerable<IGrouping<string, T>> groups, Func<T, long> time, Func<T, double> value, string title, string yLabel, string path, int width, int height)
    {
        var plot = new Plot();
        foreach (var g in groups)
        {
            var items = g.ToArray();
            double[] xs = items.Select(i => DateTimeOffset.FromUnixTimeMilliseconds(time(i)).UtcDateTime.ToOADate()).ToArray();
            double[] ys = items.Select(value).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = g.Key;
            line.MarkerSize = 0;
        }
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.XLabel("time (UTC)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, width, height);
        return path;
    }
}
