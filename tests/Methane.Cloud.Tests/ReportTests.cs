using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

public class ReportTests
{
    [Fact]
    public void Report_renders_one_png_per_chart()
    {
        using var h = new ProcessorHarness();
        long t0 = 1_700_000_000_000;
        // Two devices over 10 minutes; dev-b rises through alpha's low (5,000 ppm) and high (10,000 ppm) thresholds.
        for (int i = 0; i < 60; i++)
        {
            h.Send("dt/methane/alpha/dev-a/telemetry", TestData.Reading("alpha", "dev-a", i, t0 + i * 10_000, ch4: 200 + 20 * Math.Sin(i / 5.0), flags: i % 17 == 0 ? 512 : 0));
            h.Send("dt/methane/alpha/dev-b/telemetry", TestData.Reading("alpha", "dev-b", i, t0 + i * 10_000, ch4: 300 + i * i * 4, flags: i < 3 ? 1 : 0));
        }
        h.Processor.Flush();
        string outDir = Environment.GetEnvironmentVariable("METHANE_REPORT_DIR") ?? Path.Combine(h.Dir, "report");
        IReadOnlyList<string> files = ReportRenderer.Render(h.Store, outDir);
        Assert.Equal(new[] { "alarms.png", "ch4_ppm.png", "device_health.png", "lel_pct.png" }, files.Select(Path.GetFileName).Order());
        foreach (string f in files)
        {
            byte[] head = File.ReadAllBytes(f)[..8];
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head); // PNG signature
        }
    }
}
