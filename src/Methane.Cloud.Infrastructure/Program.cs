using Methane.Cloud.Infrastructure;

// Offline synthesis: `dotnet run --project src/Methane.Cloud.Infrastructure -- [outdir] [key=value ...]`
// Keys: account=, region=, store=liveanalytics|influxdb, sitesFile=..., influxDestinationArn=..., influxSecretArn=..., enrichmentAsset=..., alarmEmail=...
string outdir = "cdk.out";
var context = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (string arg in args)
{
    int eq = arg.IndexOf('=');
    if (eq > 0) context[arg[..eq]] = arg[(eq + 1)..];
    else outdir = arg;
}
MethaneApp.Synthesize(outdir, context);
Console.WriteLine($"synthesized to {Path.GetFullPath(outdir)}");
