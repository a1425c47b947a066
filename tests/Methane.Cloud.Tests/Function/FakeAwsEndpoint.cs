using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Methane.Cloud.Function.Aws;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// Timestream (DescribeEndpoints, WriteRecords) and IoT (DescribeEndpoint, data-plane Publish) on one loopback port. Every
/// request must carry a valid SigV4 signature for the known test credentials, region and the operation's signing name,
/// recomputed from what arrived on the wire (raw path, query, the signed headers, body); otherwise 403 and a recorded failure.
/// </summary>
internal sealed partial class FakeAwsEndpoint : IDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Token = "test-session-token";
    public const string Region = "eu-central-1";

    private readonly LoopbackHttp _http;

    public FakeAwsEndpoint() => _http = new LoopbackHttp(HandleAsync);

    public string BaseUrl => "http://" + _http.Authority;
    public ConcurrentQueue<byte[]> WriteRecords { get; } = new();
    public ConcurrentQueue<(string Topic, byte[] Payload)> Published { get; } = new();
    public ConcurrentQueue<string> SignatureFailures { get; } = new();
    public ConcurrentQueue<string> Calls { get; } = new();
    /// <summary>Secrets Manager's secrets by id (ARN), answered by GetSecretValue.</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new();

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        byte[] body = await LoopbackHttp.Body(request).ConfigureAwait(false);
        string raw = request.RawUrl ?? "/";
        int q = raw.IndexOf('?');
        string path = q < 0 ? raw : raw[..q];
        string? target = request.Headers["X-Amz-Target"];
        string operation = target != null ? target[(target.IndexOf('.') + 1)..]
            : request.HttpMethod == "GET" && path == "/endpoint" ? "DescribeEndpoint"
            : request.HttpMethod == "POST" && path.StartsWith("/topics/", StringComparison.Ordinal) ? "Publish" : "?";
        string service = operation switch
        {
            "DescribeEndpoints" or "WriteRecords" => "timestream", "DescribeEndpoint" => "execute-api", "Publish" => "iotdata", "GetSecretValue" => "secretsmanager", _ => "?",
        };
        Calls.Enqueue(operation);

        string? problem = CheckSignature(request, path, q < 0 ? "" : raw[(q + 1)..], body, service);
        if (problem != null)
        {
            SignatureFailures.Enqueue($"{operation}: {problem}");
            await LoopbackHttp.Reply(context, 403, Encoding.UTF8.GetBytes($"{{\"__type\":\"InvalidSignatureException\",\"message\":\"{problem}\"}}")).ConfigureAwait(false);
            return;
        }
        switch (operation)
        {
            case "DescribeEndpoints":
                await LoopbackHttp.Reply(context, 200, Encoding.UTF8.GetBytes($"{{\"Endpoints\":[{{\"Address\":\"{_http.Authority}\",\"CachePeriodInMinutes\":1440}}]}}")).ConfigureAwait(false);
                return;
            case "WriteRecords":
                WriteRecords.Enqueue(body);
                await LoopbackHttp.Reply(context, 200, "{\"RecordsIngested\":{\"Total\":1}}"u8.ToArray()).ConfigureAwait(false);
                return;
            case "DescribeEndpoint":
                await LoopbackHttp.Reply(context, 200, Encoding.UTF8.GetBytes($"{{\"endpointAddress\":\"{_http.Authority}\"}}")).ConfigureAwait(false);
                return;
            case "Publish":
                Published.Enqueue((Uri.UnescapeDataString(path["/topics/".Length..]), body));
                await LoopbackHttp.Reply(context, 200, "{}"u8.ToArray()).ConfigureAwait(false);
                return;
            case "GetSecretValue":
                // JSON 1.1: {"SecretId": arn} -> {"ARN": …, "Name": …, "SecretString": …}; an unknown id is ResourceNotFoundException.
                string id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("SecretId").GetString()!;
                if (!Secrets.TryGetValue(id, out string? secret))
                {
                    await LoopbackHttp.Reply(context, 400, "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}"u8.ToArray()).ConfigureAwait(false);
                    return;
                }
                await LoopbackHttp.Reply(context, 200, Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["ARN"] = id, ["Name"] = "influx-token", ["SecretString"] = secret }))).ConfigureAwait(false);
                return;
            default:
                await LoopbackHttp.Reply(context, 400, "{\"__type\":\"UnknownOperationException\"}"u8.ToArray()).ConfigureAwait(false);
                return;
        }
    }

    private static string? CheckSignature(HttpListenerRequest request, string wirePath, string queryText, byte[] body, string service)
    {
        Match auth = Authorization().Match(request.Headers["Authorization"] ?? "");
        if (!auth.Success) return "no SigV4 Authorization header";
        string date = request.Headers["X-Amz-Date"] ?? "";
        if (auth.Groups["key"].Value != AccessKey) return "unknown access key";
        string scope = $"{date[..Math.Min(8, date.Length)]}/{Region}/{service}/aws4_request";
        if (auth.Groups["scope"].Value != scope) return $"credential scope {auth.Groups["scope"].Value}, expected {scope}";
        if (request.Headers["X-Amz-Security-Token"] != Token) return "session token missing or wrong";

        string[] signed = auth.Groups["signed"].Value.Split(';');
        foreach (string required in new[] { "host", "x-amz-date", "x-amz-security-token" })
            if (!signed.Contains(required)) return $"header {required} not signed";
        var headers = signed.Where(h => h is not ("x-amz-date" or "x-amz-security-token"))
            .Select(h => new KeyValuePair<string, string>(h, request.Headers[h] ?? "")).ToList();
        var query = queryText.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))).ToList();
        var time = DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        SigV4Result expected = SigV4Signer.Sign(new SigV4Request(request.HttpMethod, wirePath, query, headers, body), new AwsCredentials(AccessKey, Secret, Token), Region, service, time);
        return expected.Signature == auth.Groups["sig"].Value ? null : "signature does not match the request as received";
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<scope>[^,]+), SignedHeaders=(?<signed>[^,]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex Authorization();

    public void Dispose() => _http.Dispose();
}
