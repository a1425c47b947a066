using System.Net;
using System.Text;
using System.Text.Json;

namespace Methane.Cloud.Function.Runtime;

/// <summary>One invocation as the Runtime API hands it out.</summary>
public sealed record Invocation(string RequestId, long DeadlineMs, string? FunctionArn, string? TraceId, byte[] Event);

/// <summary>
/// Client of the Lambda Runtime API (version 2018-06-01) over its documented HTTP interface: <c>GET …/runtime/invocation/next</c>
/// (the event, with the request id and deadline in <c>Lambda-Runtime-*</c> headers), <c>POST …/invocation/{id}/response</c>,
/// <c>POST …/invocation/{id}/error</c> and <c>POST …/runtime/init/error</c> (JSON error body, <c>Lambda-Runtime-Function-Error-Type</c>).
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;

    public LambdaRuntimeClient(string runtimeApi)
    {
        // The next-invocation GET blocks until there is an event: no client timeout (AWS: do not set one).
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/{Version}/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> NextAsync(CancellationToken cancel = default)
    {
        using HttpResponseMessage response = await _http.GetAsync("invocation/next", cancel).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new RuntimeApiException($"GET invocation/next: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false)}");
        string requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException("GET invocation/next: no Lambda-Runtime-Aws-Request-Id header");
        long deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), out long d) ? d : 0;
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        return new Invocation(requestId, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"), Header(response, "Lambda-Runtime-Trace-Id"), body);
    }

    public Task RespondAsync(string requestId, byte[] payload, CancellationToken cancel = default) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", new ByteArrayContent(payload), null, cancel);

    public Task ErrorAsync(string requestId, Exception error, CancellationToken cancel = default) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", ErrorBody(error), error.GetType().Name, cancel);

    public Task InitErrorAsync(Exception error, CancellationToken cancel = default) =>
        PostAsync("init/error", ErrorBody(error), "Runtime.InitError", cancel);

    private async Task PostAsync(string path, HttpContent content, string? errorType, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (errorType != null) request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using HttpResponseMessage response = await _http.SendAsync(request, cancel).ConfigureAwait(false);
        // 202 Accepted; 400/403/413/500 are the API's documented failures.
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new RuntimeApiException($"POST {path}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false)}");
    }

    private static ByteArrayContent ErrorBody(Exception error)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("errorMessage", error.Message);
            w.WriteString("errorType", error.GetType().Name);
            w.WriteStartArray("stackTrace");
            foreach (string line in (error.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)) w.WriteStringValue(line.Trim());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}

public sealed class RuntimeApiException(string message) : Exception(message);
