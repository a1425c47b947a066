using System.Collections.Concurrent;
using System.Diagnostics;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// The batch function's <c>bootstrap</c> as a real process (the build output next to the tests, or the self-contained
/// publish named by METHANE_FUNCTION_BOOTSTRAP), pointed at the fake Runtime API and the fake AWS endpoints. Stopped by PID.
/// </summary>
internal sealed class FunctionProcess : IDisposable
{
    private readonly Process _process;

    public FunctionProcess(FakeLambdaRuntime runtime, FakeAwsEndpoint aws, string store, string sitesJson, IDictionary<string, string?>? overrides = null)
    {
        string bootstrap = Environment.GetEnvironmentVariable("METHANE_FUNCTION_BOOTSTRAP") ?? Path.Combine(AppContext.BaseDirectory, "bootstrap");
        var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtime.Authority;
        start.Environment["AWS_REGION"] = FakeAwsEndpoint.Region;
        start.Environment["AWS_ACCESS_KEY_ID"] = FakeAwsEndpoint.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = FakeAwsEndpoint.Secret;
        start.Environment["AWS_SESSION_TOKEN"] = FakeAwsEndpoint.Token;
        start.Environment["STORE"] = store;
        start.Environment["SITES_JSON"] = sitesJson;
        start.Environment["TIMESTREAM_DATABASE"] = "methane";
        start.Environment["VALIDATED_BATCH_RULE"] = "methane_batch_store";
        start.Environment["TIMESTREAM_ENDPOINT"] = aws.BaseUrl;
        start.Environment["IOT_ENDPOINT"] = aws.BaseUrl;
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        runtime.MarkStart();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) Stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) Stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Stdout { get; } = new();
    public ConcurrentQueue<string> Stderr { get; } = new();
    public bool HasExited => _process.HasExited;

    public bool WaitForExit(TimeSpan timeout, out int code)
    {
        bool exited = _process.WaitForExit(timeout);
        code = exited ? _process.ExitCode : -1;
        return exited;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
