using System.Text;
using Methane.Calibration;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Emulation.Boards;
using Xunit;

namespace Methane.Firmware.Host.Tests.Calibration;

public sealed class CalibrateTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static BoardConfig Gas() => BoardLoader.LoadFile(HostPaths.Board("esp32-devkitc-tgs2611"));

    private static string Fail(IReadOnlyList<string> lines) =>
        Assert.Throws<CalibrationInputException>(() => ColocationCsv.Parse(lines, "pairs.csv")).Message;

    [Fact]
    public void Bad_csv_input_names_the_column_row_and_value()
    {
        Assert.Equal("pairs.csv: missing column 'rs_ohm' (header has: time, ref_ppm, temp_c, rh_pct); expected time, ref_ppm, rs_ohm, temp_c, rh_pct",
            Fail(["time,ref_ppm,temp_c,rh_pct", "2026-01-05T00:00:00Z,2,20,50"]));
        Assert.Equal("pairs.csv: row 3, column 'time' = '2026-01-05T00:00:00Z': expected a time after the previous row's 2026-01-05T00:05:00.0000000+00:00 (times must increase)",
            Fail([ColocationCsv.Header, "2026-01-05T00:05:00Z,2,11000,20,50", "2026-01-05T00:00:00Z,2,11000,20,50"]));
        Assert.Equal("pairs.csv: row 2, column 'rs_ohm' = 'abc': expected a sensor resistance from 1 to 10,000,000 ohm",
            Fail([ColocationCsv.Header, "2026-01-05T00:00:00Z,2,abc,20,50"]));
        Assert.Equal("pairs.csv: row 2, column 'rh_pct' = '101': expected 0 to 100 %RH",
            Fail([ColocationCsv.Header, "2026-01-05T00:00:00Z,2,11000,20,101"]));
        Assert.Equal("pairs.csv: row 2, column 'time' = '12345': expected an ISO 8601 time such as 2026-01-05T12:00:00Z",
            Fail([ColocationCsv.Header, "12345,2,11000,20,50"]));
        Assert.Equal("pairs.csv: row 2 has 4 cells; expected 5 as in the header",
            Fail([ColocationCsv.Header, "2026-01-05T00:00:00Z,2,11000,20"]));
    }

    [Fact]
    public void Too_few_points_too_short_a_span_and_a_poor_fit_are_refused()
    {
        var few = SyntheticColocation.Generate(Gas().Calibration, Start, 0.5, TimeSpan.FromMinutes(5), 1);
        Assert.Equal("too few points: 144 rows; expected at least 200 co-located pairs",
            Assert.Throws<CalibrationInputException>(() => AmbientFitter.Fit(few, new FitBounds())).Message);
        var shortSpan = SyntheticColocation.Generate(Gas().Calibration, Start, 1, TimeSpan.FromMinutes(1), 1);
        Assert.StartsWith("time span 1 days",
            Assert.Throws<CalibrationInputException>(() => AmbientFitter.Fit(shortSpan, new FitBounds())).Message);
        // The reference shuffled against the sensor: nothing to fit.
        var good = SyntheticColocation.Generate(Gas().Calibration, Start, 14, TimeSpan.FromMinutes(5), 2);
        var random = new Random(3);
        var refs = good.Select(p => p.ReferencePpm).OrderBy(_ => random.Next()).ToArray();
        var shuffled = good.Select((p, i) => p with { ReferencePpm = refs[i] }).ToList();
        Assert.StartsWith("fit R² = ", Assert.Throws<CalibrationInputException>(() => AmbientFitter.Fit(shuffled, new FitBounds())).Message);
        // A bound tighter than the sensor's noise floor (0.15 ppm white noise alone) cannot be met.
        Assert.StartsWith("held-out RMSE = ",
            Assert.Throws<CalibrationInputException>(() => AmbientFitter.Fit(good, new FitBounds { MaxRmsePpm = 0.1 })).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void A_fit_on_the_emulators_physics_reaches_its_noise_floor_on_held_out_days(int seed)
    {
        var points = SyntheticColocation.Generate(Gas().Calibration, Start, 21, TimeSpan.FromMinutes(5), seed);
        FitResult fit = AmbientFitter.Fit(points, new FitBounds());
        // Independent expectation: the emulator adds 0.15 ppm white noise, which no model can beat; the truth model (power
        // law, linear RH factor) differs from the fitted one (linear in ln Rs, AH) and 5 held-out days extrapolate drift
        // and weather, which costs up to about 0.3 ppm more (seeds 1-8 give 0.19-0.43 ppm).
        Assert.InRange(fit.HoldoutRmsePpm, AmbientNoiseFloor.SigmaPpm * 0.9, 0.5);
        Assert.InRange(fit.HoldoutBiasPpm, -0.25, 0.25);
        Assert.True(fit.R2 > 0.9, $"R² {fit.R2}");
        Assert.Null(fit.Coefficients.Validate());
        Assert.Equal(1, fit.Coefficients.Fitted);
        // ln Rs slope near b·(clean + ppm) of the board's power-law curve: −2.1507 × 157 ≈ −338 ppm per ln unit.
        Assert.InRange(fit.Coefficients.LnRsSlope, -360, -300);
        string png = Path.Combine(Path.GetTempPath(), $"res-{Guid.NewGuid():N}.png");
        try
        {
            ResidualPlot.Write(png, fit);
            byte[] head = File.ReadAllBytes(png).Take(8).ToArray();
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public void The_shadow_applies_a_whole_set_and_refuses_a_partial_one_with_the_reason()
    {
        var points = SyntheticColocation.Generate(Gas().Calibration, Start, 14, TimeSpan.FromMinutes(5), 5);
        AmbientCalibration fitted = AmbientFitter.Fit(points, new FitBounds()).Coefficients;
        BoardConfig board = Gas();
        var table = new ConfigTable(board, new DeviceSettings());
        var agent = new ShadowAgent(table, "1.0.0");

        // The file round trip first: what `calibrate fit` writes, `calibrate apply` reads back unchanged.
        string file = Path.Combine(Path.GetTempPath(), $"coef-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, CoefficientsDocument.Json(fitted));
        AmbientCalibration read = CoefficientsDocument.Read(file);
        File.Delete(file);
        Assert.Equal(fitted.Checksum, read.Checksum);

        byte[] whole = Encoding.UTF8.GetBytes(CoefficientsDocument.Delta(read, 5));
        Assert.Equal(ShadowDeltaResult.Applied, agent.ApplyDelta(whole, 0, whole.Length));
        Assert.Equal(fitted.LnRsSlope, board.Ambient.LnRsSlope, 9);
        Assert.Equal(fitted.DriftPerDay, board.Ambient.DriftPerDay, 9);
        Assert.Equal(1, board.Ambient.Fitted);

        // One coefficient of another set (an operator editing one value, or a delta that lost keys): refused whole.
        byte[] partial = Encoding.UTF8.GetBytes("{\"version\":6,\"state\":{\"ambient.lnRsSlope\":-300.5}}");
        Assert.Equal(ShadowDeltaResult.Rejected, agent.ApplyDelta(partial, 0, partial.Length));
        Assert.Equal(fitted.LnRsSlope, board.Ambient.LnRsSlope, 9);
        var buffer = new byte[8192];
        var w = new JsonWriter();
        w.Reset(buffer, 0, buffer.Length);
        Assert.True(agent.WriteReported(w, new Methane.Firmware.Core.Connectivity.SessionCounters(), 0));
        string reported = Encoding.UTF8.GetString(buffer, 0, w.Length);
        Assert.Contains("ambient.checksum", reported);
        Assert.Contains("partial or mixed coefficient set", reported);

        // Out of range: also refused.
        var bad = new AmbientCalibration();
        bad.CopyFrom(fitted);
        bad.SigmaPpm = 3;
        bad.Checksum = bad.ComputeChecksum();
        byte[] outOfRange = Encoding.UTF8.GetBytes(CoefficientsDocument.Delta(bad, 7));
        Assert.Equal(ShadowDeltaResult.Rejected, agent.ApplyDelta(outOfRange, 0, outOfRange.Length));
        Assert.Equal(fitted.SigmaPpm, board.Ambient.SigmaPpm, 9);
    }

    [Fact]
    public void Coefficient_files_with_a_missing_key_are_refused_by_name()
    {
        string file = Path.Combine(Path.GetTempPath(), $"coef-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\"ambient.intercept\":1}");
        try
        {
            Assert.Equal($"{file}: missing 'ambient.lnRsSlope' (a coefficient set is applied whole or not at all)",
                Assert.Throws<CalibrationInputException>(() => CoefficientsDocument.Read(file)).Message);
        }
        finally { File.Delete(file); }
    }
}

/// <summary>`calibrate apply FILE` in the run console: the set reaches the firmware through its shadow delta path.</summary>
public sealed class CalibrateApplyConsoleTests
{
    [Fact]
    public async Task A_fitted_set_is_applied_by_the_running_firmware()
    {
        var points = SyntheticColocation.Generate(BoardLoader.LoadFile(HostPaths.Board("esp32-devkitc-tgs2611")).Calibration,
            new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), 14, TimeSpan.FromMinutes(5), 3);
        AmbientCalibration fitted = AmbientFitter.Fit(points, new FitBounds()).Coefficients;
        string file = Path.Combine(Path.GetTempPath(), $"coef-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, CoefficientsDocument.Json(fitted));
        try
        {
            using var pki = Methane.Testing.TestPki.Create("cal");
            var output = new StringWriter();
            var options = new Methane.Firmware.Host.Demo.DemoOptions { Headless = true, Speed = 0, PkiDirectory = pki.Directory, Scenario = "clean-air" };
            string script = $"wait 30\ncalibrate apply {file}\nwait 5\nconfig get ambient.fitted\nconfig get ambient.checksum\nquit\n";
            Assert.Equal(0, await new Methane.Firmware.Host.Demo.RunSession(options, 0, new StringReader(script), output).RunAsync());
            string text = output.ToString();
            Assert.Contains("shadow delta applied (version 1001)", text);
            Assert.Contains("ambient.fitted = 1", text);
            Assert.Contains($"ambient.checksum = {fitted.Checksum}", text);
        }
        finally { File.Delete(file); }
    }
}
