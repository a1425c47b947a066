using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Methane.Cloud.Function.Aws;

/// <summary>
/// A request to sign: the path as it goes on the wire (percent-encoded where it needs to be), query parameters decoded,
/// headers as sent (Host included).
/// </summary>
public sealed record SigV4Request(
    string Method,
    string WirePath,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body);

/// <summary>What signing added: the headers to send (x-amz-date, token, content hash, Authorization) and the steps, for tests and logs.</summary>
public sealed record SigV4Result(IReadOnlyList<KeyValuePair<string, string>> AddedHeaders, string CanonicalRequest, string StringToSign, string Signature);

/// <summary>
/// AWS Signature Version 4 (header signing), written from AWS's published description: canonical request, string to
/// sign, derived signing key, HMAC-SHA256. Checked against AWS's SigV4 test-suite vectors (tests/…/sigv4-vectors).
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <param name="normalizePath">Remove empty, "." and ".." segments (every service but S3).</param>
    /// <param name="signBody">Also send and sign x-amz-content-sha256 (S3 style); the JSON APIs used here do not need it.</param>
    public static SigV4Result Sign(SigV4Request request, AwsCredentials credentials, string region, string service, DateTimeOffset now, bool normalizePath = true, bool signBody = false)
    {
        string amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string date = amzDate[..8];
        string payloadHash = Hex(SHA256.HashData(request.Body));

        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (credentials.SessionToken != null) added.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        if (signBody) added.Add(new("x-amz-content-sha256", payloadHash));

        // Header names lower-cased and sorted; repeated headers joined by commas in the order given; values trimmed with
        // inner runs of spaces collapsed to one.
        var headers = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers.Concat(added))
        {
            string lower = name.ToLowerInvariant();
            if (!headers.TryGetValue(lower, out List<string>? values)) headers[lower] = values = new List<string>();
            values.Add(CollapseSpaces(value));
        }
        string signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        canonical.Append(CanonicalPath(request.WirePath, normalizePath)).Append('\n');
        canonical.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var (name, values) in headers) canonical.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        string canonicalRequest = canonical.ToString();

        string scope = $"{date}/{region}/{service}/aws4_request";
        string stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        byte[] key = SigningKey(credentials.SecretAccessKey, date, region, service);
        string signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        added.Add(new("Authorization", $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return new SigV4Result(added, canonicalRequest, stringToSign, signature);
    }

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        byte[] k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(k, "aws4_request"u8);
    }

    /// <summary>Each wire segment URI-encoded once more (so %2F on the wire signs as %252F), after optional normalization.</summary>
    public static string CanonicalPath(string wirePath, bool normalize)
    {
        if (string.IsNullOrEmpty(wirePath)) return "/";
        string[] raw = wirePath.Split('/');
        var segments = new List<string>();
        if (normalize)
        {
            for (int i = 0; i < raw.Length; i++)
            {
                string s = raw[i];
                if (s.Length == 0 || s == ".") continue;
                if (s == "..") { if (segments.Count > 0) segments.RemoveAt(segments.Count - 1); continue; }
                segments.Add(s);
            }
            string path = "/" + string.Join('/', segments.Select(s => UriEncode(s)));
            bool trailing = wirePath.EndsWith('/') || wirePath.EndsWith("/.", StringComparison.Ordinal) || wirePath.EndsWith("/..", StringComparison.Ordinal);
            return segments.Count > 0 && trailing ? path + "/" : path;
        }
        return string.Join('/', raw.Select(s => UriEncode(s)));
    }

    /// <summary>Parameters encoded, sorted by name then value (byte order), joined by '&amp;'; an empty value keeps its '='.</summary>
    public static string CanonicalQuery(IReadOnlyList<KeyValuePair<string, string>> query) =>
        string.Join('&', query.Select(p => (Name: UriEncode(p.Key), Value: UriEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <summary>RFC 3986 unreserved characters stay, every other UTF-8 byte becomes %XX (upper-case hex).</summary>
    public static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var sb = new StringBuilder(value.Length);
        bool space = false;
        foreach (char c in value.Trim())
        {
            if (c == ' ') { if (!space) sb.Append(c); space = true; }
            else { sb.Append(c); space = false; }
        }
        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
