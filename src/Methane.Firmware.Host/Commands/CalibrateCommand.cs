using System.Globalization;
using Methane.Calibration;
using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Emulation.Boards;

namespace Methane.Firmware.Host.Commands;

/// <summary>
/// <c>calibrate fit|apply|synth|figures</c>: the ambient-range co-location calibration of a TGS2611 sensor (issue 12) and
/// the figures of its noise floor and of the met station's accuracy.
/// </summary>
public static class CalibrateCommand
{
    public const string Usage =
        "usage: calibrate fit --pairs colocated.csv [--out coefficients.json] [--plot residuals.png] [--max-rmse PPM] [--min-r2 R2] [--min-points N]\n" +
        "       calibrate apply --thing THING --coefficients coefficients.json [--out desired.json]\n" +
        "       calibrate synth --out colocated.csv [--days 14] [--seed 1] [--board NAME] [--drift-pct-per-day 0.2]\n" +
        "       calibrate figures [--board NAME] [--met-board NAME] [--seed 1] [--plot residuals.png]\n" +
        "  fit      least-squares fit of ppm = b0 + b1 ln(Rs/1k) + b2 dT + b3 dAH + b4 dT^2 + b5 dT dAH + b6 days to the reference\n" +
        "           (CSV columns time,ref_ppm,rs_ohm,temp_c,rh_pct; last 25 % in time held out); refuses a fit whose held-out\n" +
        "           RMSE exceeds --max-rmse (default 1.0 ppm) or whose R² is under --min-r2 (default 0.5)\n" +
        "  apply    the shadow document that installs the set on THING (checksummed: the firmware takes all of it or none),\n" +
        "           and the aws CLI line that sends it; on the local stack: 'calibrate apply FILE' in the 'run' console\n" +
        "  synth    synthetic co-location pairs from the emulator's sensor physics (for trying the workflow)\n" +
        "  figures  noise floor and bias of the ambient model on held-out synthetic data; met-station speed/direction error\n" +
        "           against the emulated wind";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        string[] valued = ["--pairs", "--out", "--plot", "--max-rmse", "--min-r2", "--min-points", "--thing", "--coefficients", "--days",
            "--seed", "--board", "--met-board", "--intervals", "--drift-pct-per-day"];
        if (!CommandArguments.TryParse(args[1..], valued, [], out var p, out string error))
        {
            stderr.WriteLine("calibrate: " + error);
            return 2;
        }
        try
        {
            return args[0] switch
            {
                "fit" => Fit(p, stdout, stderr),
                "apply" => Apply(p, stdout, stderr),
                "synth" => Synth(p, stdout, stderr),
                "figures" => Figures(p, stdout),
                _ => Unknown(args[0], stderr),
            };
        }
        catch (CalibrationInputException e)
        {
            stderr.WriteLine("calibrate " + args[0] + ": " + e.Message);
            return 1;
        }
        catch (BoardFileException e)
        {
            stderr.WriteLine("calibrate " + args[0] + ": " + e.Message);
            return 1;
        }
    }

    private static int Unknown(string sub, TextWriter stderr)
    {
        stderr.WriteLine($"calibrate: unknown subcommand '{sub}' (try 'calibrate help')");
        return 2;
    }

    private static double Number(CommandArguments p, string name, double fallback, double min, double max)
    {
        string? s = p.Option(name);
        if (s is null) return fallback;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min || v > max)
        {
            throw new CalibrationInputException($"{name} = '{s}': expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }
        return v;
    }

    private static int Fit(CommandArguments p, TextWriter stdout, TextWriter stderr)
    {
        string pairs = p.Option("--pairs") ?? throw new CalibrationInputException("--pairs is required (a CSV with time,ref_ppm,rs_ohm,temp_c,rh_pct)");
        var bounds = new FitBounds
        {
            MaxRmsePpm = Number(p, "--max-rmse", 1.0, 0.01, 2.5),
            MinR2 = Number(p, "--min-r2", 0.5, -1, 1),
            MinPoints = (int)Number(p, "--min-points", 200, 10, 10_000_000),
        };
        var points = ColocationCsv.Read(pairs);
        FitResult fit = AmbientFitter.Fit(points, bounds);
        string outFile = p.Option("--out") ?? "coefficients.json";
        string plot = p.Option("--plot") ?? Path.ChangeExtension(outFile, null) + "-residuals.png";
        File.WriteAllText(outFile, CoefficientsDocument.Json(fit.Coefficients) + "\n");
        ResidualPlot.Write(plot, fit);
        Report(fit, bounds, stdout);
        stdout.WriteLine($"wrote {outFile} and {plot}");
        return 0;
    }

    private static void Report(FitResult fit, FitBounds bounds, TextWriter stdout)
    {
        AmbientCalibration c = fit.Coefficients;
        var ci = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(ci, $"fit on {fit.TrainPoints} pairs, held out {fit.HoldoutPoints} (the last {bounds.HoldoutFraction:P0} in time)"));
        stdout.WriteLine(string.Create(ci, $"  ppm = {c.Intercept:0.######} {c.LnRsSlope:+0.######;-0.######}·ln(Rs/1kΩ) {c.TemperatureSlope:+0.######;-0.######}·(T−20) {c.HumiditySlope:+0.######;-0.######}·(AH−10) {c.TemperatureSquaredSlope:+0.######;-0.######}·(T−20)² {c.TemperatureHumiditySlope:+0.######;-0.######}·(T−20)(AH−10) {c.DriftPerDay:+0.######;-0.######}·(day−{c.EpochDay:0.###})"));
        stdout.WriteLine(string.Create(ci, $"  training: R² {fit.R2:0.0000}, RMSE {fit.RmsePpm:0.000} ppm"));
        stdout.WriteLine(string.Create(ci, $"  held out: R² {fit.HoldoutR2:0.0000}, RMSE {fit.HoldoutRmsePpm:0.000} ppm (noise floor sigmaPpm), bias {fit.HoldoutBiasPpm:+0.000;-0.000} ppm"));
        stdout.WriteLine(string.Create(ci, $"  bounds: held-out RMSE <= {bounds.MaxRmsePpm} ppm, R² >= {bounds.MinR2}: accepted; checksum {c.Checksum}"));
    }

    private static int Apply(CommandArguments p, TextWriter stdout, TextWriter stderr)
    {
        string thing = p.Option("--thing") ?? throw new CalibrationInputException("--thing is required (the AWS IoT thing name of the sensor)");
        if (!Methane.Firmware.Core.Telemetry.DeviceIdentity.IsValidThingName(thing))
        {
            throw new CalibrationInputException($"--thing '{thing}': expected 1-64 characters A-Z a-z 0-9 _ -");
        }
        string file = p.Option("--coefficients") ?? throw new CalibrationInputException("--coefficients is required (the file `calibrate fit` wrote)");
        AmbientCalibration c = CoefficientsDocument.Read(file);
        string outFile = p.Option("--out") ?? $"shadow-desired-{thing}.json";
        File.WriteAllText(outFile, CoefficientsDocument.Desired(c) + "\n");
        stdout.WriteLine($"wrote {outFile}: the shadow desired state for {thing} (9 ambient.* values, checksum {c.Checksum})");
        stdout.WriteLine($"send it:  aws iot-data update-thing-shadow --thing-name {thing} --cli-binary-format raw-in-base64-out --payload file://{outFile} /dev/stdout");
        stdout.WriteLine($"check it: aws iot-data get-thing-shadow --thing-name {thing} /dev/stdout   (reported.shadow_status: applied, or rejected with the reason)");
        return 0;
    }

    private static int Synth(CommandArguments p, TextWriter stdout, TextWriter stderr)
    {
        string outFile = p.Option("--out") ?? throw new CalibrationInputException("--out is required (the CSV to write)");
        double days = Number(p, "--days", 14, 0.1, 365);
        int seed = (int)Number(p, "--seed", 1, 0, int.MaxValue);
        var board = BoardLoader.LoadFile(HostPaths.Board(p.Option("--board") ?? "esp32-devkitc-tgs2611"));
        double drift = Number(p, "--drift-pct-per-day", 0.2, -5, 5);
        var points = SyntheticColocation.Generate(board.Calibration, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), days, TimeSpan.FromMinutes(5), seed, drift);
        ColocationCsv.Write(outFile, points);
        stdout.WriteLine($"wrote {outFile}: {points.Count} pairs over {days} days (5-min averages, seed {seed})");
        return 0;
    }

    private static int Figures(CommandArguments p, TextWriter stdout)
    {
        var ci = CultureInfo.InvariantCulture;
        int seed = (int)Number(p, "--seed", 1, 0, int.MaxValue);
        var gas = BoardLoader.LoadFile(HostPaths.Board(p.Option("--board") ?? "esp32-devkitc-tgs2611"));
        // 21 days of 5-min pairs; the fit holds out the last 25 % (about 5 days) in time.
        var points = SyntheticColocation.Generate(gas.Calibration, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), 21, TimeSpan.FromMinutes(5), seed);
        var bounds = new FitBounds();
        FitResult fit = AmbientFitter.Fit(points, bounds);
        stdout.WriteLine("ambient model (TGS2611, synthetic co-location from the emulator's sensor physics, emulator white noise "
            + AmbientNoiseFloor.SigmaPpm.ToString("0.00", ci) + " ppm, Rs drift 0.2 %/day):");
        Report(fit, bounds, stdout);
        var held = fit.Residuals.Where(r => r.Holdout).ToList();
        var lo = held.Where(r => r.Point.ReferencePpm < 2.5).Select(r => (r.Point.ReferencePpm, r.Predicted)).ToList();
        var hi = held.Where(r => r.Point.ReferencePpm >= 2.5).Select(r => (r.Point.ReferencePpm, r.Predicted)).ToList();
        var (_, loRmse, loBias) = AmbientFitter.Stats(lo);
        var (_, hiRmse, hiBias) = AmbientFitter.Stats(hi);
        stdout.WriteLine(string.Create(ci, $"  held out, background (< 2.5 ppm, n={lo.Count}): RMSE {loRmse:0.000} ppm, bias {loBias:+0.000;-0.000} ppm"));
        stdout.WriteLine(string.Create(ci, $"  held out, enhanced (>= 2.5 ppm, n={hi.Count}): RMSE {hiRmse:0.000} ppm, bias {hiBias:+0.000;-0.000} ppm"));
        if (p.Option("--plot") is string plot)
        {
            ResidualPlot.Write(plot, fit);
            stdout.WriteLine("  residual plot: " + plot);
        }
        // One seed is one realization of weather and plumes: the spread over eight.
        var rmses = new List<double>();
        var biases = new List<double>();
        for (int s = seed; s < seed + 8; s++)
        {
            var pts = SyntheticColocation.Generate(gas.Calibration, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), 21, TimeSpan.FromMinutes(5), s);
            FitResult f = AmbientFitter.Fit(pts, bounds);
            rmses.Add(f.HoldoutRmsePpm);
            biases.Add(f.HoldoutBiasPpm);
        }
        stdout.WriteLine(string.Create(ci, $"  over seeds {seed}-{seed + 7}: held-out RMSE mean {rmses.Average():0.000} ppm (range {rmses.Min():0.000}-{rmses.Max():0.000}), bias mean {biases.Average():+0.000;-0.000} ppm (range {biases.Min():+0.000;-0.000} to {biases.Max():+0.000;-0.000})"));

        var metBoard = BoardLoader.LoadFile(HostPaths.Board(p.Option("--met-board") ?? "esp32-devkitc-met-davis6410"));
        int intervals = (int)Number(p, "--intervals", 200, 10, 100_000);
        MetAccuracyResult met = MetAccuracy.Run(metBoard, intervals, 60, seed);
        stdout.WriteLine(string.Create(ci, $"met station (Davis 6410 emulated at pulse/register level, 1 Hz samples, 60 s intervals, {intervals} turbulent regimes 0.3-12.7 m/s, sigma-theta 3-40 deg):"));
        stdout.WriteLine(string.Create(ci, $"  mean speed: bias {met.SpeedBiasMs:+0.000;-0.000} m/s, RMSE {met.SpeedRmseMs:0.000} m/s"));
        stdout.WriteLine(string.Create(ci, $"  direction:  bias {met.DirectionBiasDeg:+0.00;-0.00} deg, RMSE {met.DirectionRmseDeg:0.00} deg ({intervals - met.Calm} non-calm intervals)"));
        stdout.WriteLine(string.Create(ci, $"  sigma-theta (Yamartino, 1 Hz) vs the 10 Hz truth: bias {met.SigmaBiasDeg:+0.00;-0.00} deg, RMSE {met.SigmaRmseDeg:0.00} deg"));
        stdout.WriteLine(string.Create(ci, $"  calm intervals (direction null): {met.Calm}"));
        return 0;
    }
}
