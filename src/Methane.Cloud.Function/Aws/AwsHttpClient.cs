using System.Net.Http.Headers;

namespace Methane.Cloud.Function.Aws;

/// <summary>Sends SigV4-signed requests. Errors come back as <see cref="AwsCallException"/> with AWS's error type and message.</summary>
public sealed class AwsHttpClient(HttpClient http, AwsCredentials credentials, string region, Func<DateTimeOffset>? clock = null)
{
    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);

    public string Region => region;

    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, Uri baseUri, string wirePath, IReadOnlyList<KeyValuePair<string, string>> query,
        string service, byte[] body, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancel)
    {
        string host = baseUri.IsDefaultPort ? baseUri.Host : $"{baseUri.Host}:{baseUri.Port}";
        var signed = new List<KeyValuePair<string, string>>(headers) { new("Host", host) };
        if (contentType != null) signed.Add(new("Content-Type", contentType));
        SigV4Result sig = SigV4Signer.Sign(new SigV4Request(method.Method, wirePath, query, signed, body), credentials, region, service, _clock());

        string queryText = query.Count == 0 ? "" : "?" + string.Join('&', query.Select(p => SigV4Signer.UriEncode(p.Key) + "=" + SigV4Signer.UriEncode(p.Value)));
        using var request = new HttpRequestMessage(method, new Uri(baseUri.GetLeftPart(UriPartial.Authority) + wirePath + queryText));
        if (method != HttpMethod.Get || body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType != null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        foreach (var (name, value) in headers.Concat(sig.AddedHeaders)) request.Headers.TryAddWithoutValidation(name, value);
        using HttpResponseMessage response = await http.SendAsync(request, cancel).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        return ((int)response.StatusCode, text);
    }
}

/// <summary>An AWS API answered with an error.</summary>
public sealed class AwsCallException(string operation, int status, string body)
    : Exception($"{operation}: HTTP {status} {(body.Length > 500 ? body[..500] + "…" : body)}")
{
    public int Status { get; } = status;
    public string Body { get; } = body;
}
