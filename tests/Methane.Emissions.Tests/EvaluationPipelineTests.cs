using Methane.Emissions.Evaluation;
using Methane.Emissions.Evaluation.Scoring;
using Methane.Testing;

namespace Methane.Emissions.Tests;

public class EvaluationPipelineTests
{
    [Fact]
    public void Small_blind_evaluation_scores_and_writes_its_report()
    {
        // The pipeline of scoring works end to end on 20 releases; the METEC targets are reported, not asserted here.
        string dir = Path.Combine(Path.GetTempPath(), "emissions-score-" + Guid.NewGuid().ToString("N"));
        try
        {
            EvaluationOutcome r = EvaluationRun.Run(new EvaluationOptions(20, 3, dir, RepoPaths.ExampleSite), TextWriter.Null);
            ScoreSummary s = r.Summary;
            Assert.Equal(20, s.Releases);
            Assert.Equal(20, r.Releases.Count);
            Assert.True(s.Windows > 0 && s.Blocks > 0);
            Assert.InRange(s.ValidBlocks, 0, s.Blocks);
            Assert.All(r.Releases, x => Assert.InRange(x.ValidWindows, 0, x.WindowsInside));
            // Releases of 10 kg/h at 50 m are tens of ppm: the largest ones must be found, whatever the small ones do.
            Assert.All(r.Releases.Where(x => x.Release.RateKgPerHour > 5 && x.ValidWindows >= 4), x => Assert.True(x.Detected, $"release {x.Release.Id} at {x.Release.RateKgPerHour:0.0} kg/h missed"));
            string report = File.ReadAllText(r.ReportPath);
            Assert.Contains("DL90", report);
            Assert.Contains("12-hour blocks with a valid estimate", report);
            foreach (string png in new[] { "pod-curve.png", "parity.png", "error-by-wind.png" })
            {
                byte[] head = File.ReadAllBytes(Path.Combine(dir, png))[..8];
                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);   // PNG signature
            }
            string[] lines = File.ReadAllLines(Path.Combine(dir, "window-estimates.csv"));
            Assert.Equal("site,source,rate_kg_h,lower_kg_h,upper_kg_h,window_start,window_end,detected,reason", lines[0]);
            Assert.Equal(s.Windows * 10 + 1, lines.Length);
            TestFigures.Report($"emissions: 20-release blind score (seed 3): DL90 {s.Dl90KgPerHour:0.00} kg/h, localization {100 * s.LocalizationShare:0} %, " +
                               $"mean rel. error ≥1 kg/h {100 * s.MeanRelativeError:0} %, valid 12-h blocks {100 * s.ValidBlockShare:0} %, " +
                               $"inversion {r.InversionTime.TotalMilliseconds / s.Windows:0.0} ms/window");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}

public class InversionOptionOverrideTests
{
    [Fact]
    public void Set_overrides_one_option_and_the_report_command_repeats_it()
    {
        var o = Methane.Emissions.Evaluation.InversionOptionOverride.Apply(new Methane.Emissions.Inversion.InversionOptions(), "SelectionContextMinutes=30");
        Assert.Equal(30, o.SelectionContextMinutes);
        o = Methane.Emissions.Evaluation.InversionOptionOverride.Apply(o, "TimeResolved=false");
        Assert.Equal(" --set TimeResolved=False --set SelectionContextMinutes=30", Methane.Emissions.Evaluation.InversionOptionOverride.NonDefault(o));
        var e = Assert.Throws<ArgumentException>(() => Methane.Emissions.Evaluation.InversionOptionOverride.Apply(o, "WindowMinutes=abc"));
        Assert.Equal("WindowMinutes = abc: expected a whole number", e.Message);
        e = Assert.Throws<ArgumentException>(() => Methane.Emissions.Evaluation.InversionOptionOverride.Apply(o, "Nope=1"));
        Assert.StartsWith("unknown option Nope; expected one of WindowMinutes, ", e.Message);
    }
}
