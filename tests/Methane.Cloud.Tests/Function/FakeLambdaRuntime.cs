using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Methane.Cloud.Tests.Function;

/// <summary>What the function answered for one invocation: a response (202 to /response) or an error (/error).</summary>
internal sealed record InvocationResult(string RequestId, bool IsError, byte[] Body, string? ErrorType)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// The Lambda Runtime API (2018-06-01) as a test double over real HTTP: hands out queued events on
/// <c>GET /2018-06-01/runtime/invocation/next</c> with the documented headers, takes <c>/response</c>, <c>/error</c> and
/// <c>init/error</c> posts. Requests it does not know get 404 and are recorded as protocol errors.
/// </summary>
internal sealed class FakeLambdaRuntime : IDisposable
{
    private readonly Channel<(string Id, byte[] Event)> _events = Channel.CreateUnbounded<(string, byte[])>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResult>> _pending = new();
    private readonly LoopbackHttp _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _firstNextMs = -1;

    public FakeLambdaRuntime() => _http = new LoopbackHttp(HandleAsync);

    public string Authority => _http.Authority;
    public ConcurrentQueue<string> ProtocolErrors { get; } = new();
    public TaskCompletionSource<InvocationResult> InitError { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<string> Headers { get; } = new();

    /// <summary>Milliseconds from <see cref="MarkStart"/> to the function's first request for an invocation, or -1.</summary>
    public long FirstNextAfterStartMs => Interlocked.Read(ref _firstNextMs);

    public void MarkStart() => _clock.Restart();

    public Task<InvocationResult> Invoke(byte[] evt)
    {
        string id = Guid.NewGuid().ToString();
        var done = new TaskCompletionSource<InvocationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        _events.Writer.TryWrite((id, evt));
        return done.Task;
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        string path = request.Url!.AbsolutePath;
        const string Prefix = "/2018-06-01/runtime/";
        if (request.HttpMethod == "GET" && path == Prefix + "invocation/next")
        {
            Interlocked.CompareExchange(ref _firstNextMs, _clock.ElapsedMilliseconds, -1);
            var (id, evt) = await _events.Reader.ReadAsync().ConfigureAwait(false);
            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
            context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-central-1:123456789012:function:methane-batch-enrichment";
            context.Response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
            await LoopbackHttp.Reply(context, 200, evt).ConfigureAwait(false);
            return;
        }
        if (request.HttpMethod == "POST" && path.StartsWith(Prefix + "invocation/", StringComparison.Ordinal))
        {
            string[] parts = path[(Prefix.Length + "invocation/".Length)..].Split('/');
            byte[] body = await LoopbackHttp.Body(request).ConfigureAwait(false);
            if (parts.Length == 2 && (parts[1] == "response" || parts[1] == "error") && _pending.TryRemove(Uri.UnescapeDataString(parts[0]), out var done))
            {
                await LoopbackHttp.Reply(context, 202, "{\"status\":\"OK\"}"u8.ToArray()).ConfigureAwait(false);
                done.TrySetResult(new InvocationResult(parts[0], parts[1] == "error", body, request.Headers["Lambda-Runtime-Function-Error-Type"]));
                return;
            }
        }
        if (request.HttpMethod == "POST" && path == Prefix + "init/error")
        {
            byte[] body = await LoopbackHttp.Body(request).ConfigureAwait(false);
            await LoopbackHttp.Reply(context, 202, "{\"status\":\"OK\"}"u8.ToArray()).ConfigureAwait(false);
            InitError.TrySetResult(new InvocationResult("init", true, body, request.Headers["Lambda-Runtime-Function-Error-Type"]));
            return;
        }
        ProtocolErrors.Enqueue($"{request.HttpMethod} {request.RawUrl}");
        await LoopbackHttp.Reply(context, 404, "{\"errorMessage\":\"unknown path\"}"u8.ToArray()).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
