using Amazon.CDK;
using Amazon.CDK.CXAPI;

namespace Methane.Cloud.Infrastructure;

public static class MethaneApp
{
    public const string StackName = "MethaneBackend";

    /// <summary>Builds the app (no cdk.json needed) and returns it with its stack; call Synth on the app to write the outdir.</summary>
    public static (App App, MethaneBackendStack Stack) Build(string outdir, IReadOnlyDictionary<string, string> context, string stackName = StackName)
    {
        var app = new App(new AppProps { Outdir = outdir, Context = context.ToDictionary(kv => kv.Key, kv => (object)kv.Value) });
        BackendConfig config = BackendConfig.FromContext(key => app.Node.TryGetContext(key) as string);
        var stack = new MethaneBackendStack(app, stackName, config, new StackProps
        {
            Description = $"Methane sensor backend ({config.Store})",
            // Account/region from context (account=, region=) or the CDK CLI's defaults; otherwise environment-agnostic.
            Env = new Amazon.CDK.Environment
            {
                Account = app.Node.TryGetContext("account") as string ?? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
                Region = app.Node.TryGetContext("region") as string ?? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
            },
        });
        return (app, stack);
    }

    public static CloudAssembly Synthesize(string outdir, IReadOnlyDictionary<string, string> context)
    {
        var (app, _) = Build(outdir, context);
        return app.Synth();
    }
}
