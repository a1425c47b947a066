using System.Net.Http.Headers;
using System.Text;

namespace Methane.Cloud.Function.Emissions;

/// <summary>
/// The two InfluxDB HTTP calls the inversion makes, both served by InfluxDB 2.x and 3 (Timestream for InfluxDB):
/// <c>GET /query</c> (InfluxQL, v1-compatible) and <c>POST /api/v2/write?org=…&amp;bucket=…&amp;precision=ms</c> (line
/// protocol). Authenticated with <c>Authorization: Token …</c>.
/// </summary>
public sealed class InfluxHttpApi(HttpClient http, Uri baseUri, Func<CancellationToken, Task<string>> token)
{
    /// <summary>Points per write request (InfluxDB's guidance: batches of about 5,000 lines).</summary>
    public const int LinesPerWrite = 5000;

    public async Task<string> QueryAsync(string database, string query, CancellationToken cancel)
    {
        string parameters = string.Join('&', InfluxReadingsQuery.Parameters(database, query).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "query?" + parameters));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage response = await SendAsync(request, cancel).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        // A failed query is 400 with {"error": …} (or 200 with an error in its result): Parse reports either. Anything
        // else that is not a success (401 without a valid token, 404 without the DBRP mapping …) is reported with its status.
        if (!response.IsSuccessStatusCode && !body.Contains("\"error\"", StringComparison.Ordinal))
            throw new InfluxQueryException($"HTTP {(int)response.StatusCode} {(body.Length > 300 ? body[..300] + "…" : body)}");
        return body;
    }

    public async Task WriteAsync(string organization, string bucket, IReadOnlyList<string> lines, CancellationToken cancel)
    {
        for (int start = 0; start < lines.Count; start += LinesPerWrite)
        {
            string body = string.Join('\n', lines.Skip(start).Take(LinesPerWrite)) + "\n";
            string parameters = $"org={Uri.EscapeDataString(organization)}&bucket={Uri.EscapeDataString(bucket)}&precision=ms";
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "api/v2/write?" + parameters))
            {
                Content = new StringContent(body, Encoding.UTF8, "text/plain"),
            };
            using HttpResponseMessage response = await SendAsync(request, cancel).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"InfluxDB write failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false)}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", await token(cancel).ConfigureAwait(false));
        return await http.SendAsync(request, cancel).ConfigureAwait(false);
    }
}
