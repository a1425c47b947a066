using Methane.Emissions.Evaluation;
using Methane.Emissions.Evaluation.Scoring;

// dotnet run -c Release --project src/Methane.Emissions.Evaluation -- score --releases 300 --seed 1 --out DIR [--site FILE] [--penalty P] [--floor KG_H] [--set OPTION=VALUE]
if (args.Length == 0 || args[0] != "score")
{
    Console.Error.WriteLine("usage: score --releases N --seed S --out DIR [--site sites.json] [--penalty BIC_MULTIPLIER] [--floor DETECTION_FLOOR_KG_H] [--set OPTION=VALUE …]");
    return 2;
}
int releases = 300, seed = 1;
string outDir = Path.Combine(".run", "emissions-score");
string site = Path.Combine(AppContext.BaseDirectory, "sites", "example-pad.json");
var inversion = new Methane.Emissions.Inversion.InversionOptions();
for (int i = 1; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: expected a value after it");
    switch (args[i])
    {
        case "--releases":
            if (!int.TryParse(Value(), out releases) || releases < 1) { Console.Error.WriteLine($"--releases = {args[i]}: expected a whole number ≥ 1"); return 2; }
            break;
        case "--seed":
            if (!int.TryParse(Value(), out seed)) { Console.Error.WriteLine($"--seed = {args[i]}: expected a whole number"); return 2; }
            break;
        case "--out": outDir = Value(); break;
        case "--penalty":
            if (!double.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out double pen) || pen < 0) { Console.Error.WriteLine($"--penalty = {args[i]}: expected a number ≥ 0"); return 2; }
            inversion = inversion with { SelectionPenalty = pen };
            break;
        case "--floor":
            if (!double.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out double floor) || floor < 0) { Console.Error.WriteLine($"--floor = {args[i]}: expected a rate ≥ 0 kg/h"); return 2; }
            inversion = inversion with { DetectionFloorKgPerHour = floor };
            break;
        case "--site": site = Value(); break;
        case "--set":
            string assignment = Value();
            try { inversion = InversionOptionOverride.Apply(inversion, assignment); }
            catch (ArgumentException e) { Console.Error.WriteLine($"--set {assignment}: {e.Message}"); return 2; }
            break;
        default: Console.Error.WriteLine($"unknown option {args[i]} (expected --releases, --seed, --out, --site, --penalty, --floor, --set)"); return 2;
    }
}
try
{
    EvaluationOutcome r = EvaluationRun.Run(new EvaluationOptions(releases, seed, outDir, site) { Inversion = inversion }, Console.Out);
    var s = r.Summary;
    Console.WriteLine($"DL90 {s.Dl90KgPerHour:0.00} kg/h | localization {100 * s.LocalizationShare:0.0} % | mean rel. error ≥1 kg/h {100 * s.MeanRelativeError:0.0} % " +
                      $"(median {100 * s.MedianRelativeError:0.0} %, 5–95 % {100 * s.P5RelativeError:0}…{100 * s.P95RelativeError:0} %) | FP {s.FalsePositivesPerSiteDay:0.00}/site-day | " +
                      $"valid 12-h blocks {100 * s.ValidBlockShare:0.0} % | 90 % interval coverage: windows {100 * IntervalCoverage.Share(r.Coverage.Windows):0.0} % " +
                      $"(bootstrap only {100 * IntervalCoverage.Share(r.Coverage.WindowsBootstrapOnly):0.0} %), blocks {100 * IntervalCoverage.Share(r.Coverage.Blocks):0.0} % " +
                      $"(bootstrap only {100 * IntervalCoverage.Share(r.Coverage.BlocksBootstrapOnly):0.0} %)");
    return 0;
}
catch (Methane.Emissions.Geometry.SiteGeometryException e)
{
    Console.Error.WriteLine("sites file: " + e.Message);
    return 1;
}
