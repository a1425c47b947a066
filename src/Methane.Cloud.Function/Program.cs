using Methane.Cloud.Enrichment;
using Methane.Cloud.Function;
using Methane.Cloud.Function.Aws;
using Methane.Cloud.Function.Runtime;

// The custom runtime's main loop (one binary, two handlers: FunctionSetup picks the one the function's Handler names): initialize once (an init error is reported to the Runtime API), then take invocations
// one at a time until the Runtime API goes away (a real execution environment is frozen instead; a test's fake closes).
string? runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(runtimeApi))
{
    Console.Error.WriteLine("AWS_LAMBDA_RUNTIME_API is not set: this is the bootstrap of a provided.al2023 Lambda function");
    return 2;
}
using var runtime = new LambdaRuntimeClient(runtimeApi);
IFunctionHandler function;
try
{
    function = FunctionSetup.FromEnvironment(Environment.GetEnvironmentVariable, Console.Out);
}
catch (Exception e)
{
    Console.Error.WriteLine("init failed: " + e.Message);
    await runtime.InitErrorAsync(e);
    return 1;
}

while (true)
{
    Invocation invocation;
    try
    {
        invocation = await runtime.NextAsync();
    }
    catch (HttpRequestException e)
    {
        Console.Error.WriteLine("runtime API unreachable, stopping: " + e.Message);
        return 0;
    }
    if (invocation.TraceId != null) Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
    // Stop work a little before the deadline so the error can still be reported.
    long left = invocation.DeadlineMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 500;
    using var cancel = new CancellationTokenSource(left > 0 ? TimeSpan.FromMilliseconds(left) : Timeout.InfiniteTimeSpan);
    try
    {
        byte[] response = await function.HandleAsync(invocation.Event, cancel.Token);
        await runtime.RespondAsync(invocation.RequestId, response);
    }
    catch (Exception e) when (e is not RuntimeApiException)
    {
        Console.Error.WriteLine($"invocation {invocation.RequestId} failed: {e.Message}");
        await runtime.ErrorAsync(invocation.RequestId, e);
    }
}
