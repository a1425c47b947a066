using Methane.Cloud.Infrastructure;

// Offline synthesis: `dotnet run --project src/Methane.Cloud.Infrastructure -- [outdir] [key=value ...]`
// Keys (docs/deployment-guide.md): account=, region=, store=influxdb|liveanalytics, functionAsset=..., influxDestinationArn=...,
// influxSecretArn=..., influxDatabase=, influxOrganization=, sitesFile=, alarmEmail=
// Under the CDK CLI (`cdk synth|deploy -c key=value`, cdk.json here) the CLI names the output folder and passes the context.
string outdir = Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? "cdk.out";
var context = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (string arg in args)
{
    int eq = arg.IndexOf('=');
    if (eq > 0) context[arg[..eq]] = arg[(eq + 1)..];
    else outdir = arg;
}
try
{
    MethaneApp.Synthesize(outdir, context);
}
catch (BackendConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.WriteLine($"synthesized to {Path.GetFullPath(outdir)}");
return 0;
