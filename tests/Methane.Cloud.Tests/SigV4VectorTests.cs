using System.Reflection;
using System.Text;
using System.Text.Json;
using Methane.Cloud.Function.Aws;

namespace Methane.Cloud.Tests;

/// <summary>The function's SigV4 signer against AWS's published test-suite vectors (sigv4-vectors/README.md).</summary>
public class SigV4VectorTests
{
    private static string VectorDir => Path.Combine(
        typeof(SigV4VectorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "tests", "Methane.Cloud.Tests", "sigv4-vectors");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(VectorDir).OrderBy(d => d, StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    /// <summary>Parses request.txt: "METHOD path?query HTTP/1.1", "Name:value" lines, a blank line, the body.</summary>
    internal static (SigV4Request Request, AwsCredentials Credentials, string Region, string Service, DateTimeOffset Time, bool SignBody) Load(string name)
    {
        string dir = Path.Combine(VectorDir, name);
        string text = File.ReadAllText(Path.Combine(dir, "request.txt")).Replace("\r\n", "\n");
        int blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        string head = blank < 0 ? text.TrimEnd('\n') : text[..blank];
        string body = blank < 0 ? "" : text[(blank + 2)..];
        string[] lines = head.Split('\n');
        string requestLine = lines[0];
        string method = requestLine[..requestLine.IndexOf(' ')];
        string target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        int q = target.IndexOf('?');
        string path = q < 0 ? target : target[..q];
        var query = new List<KeyValuePair<string, string>>();
        if (q >= 0)
        {
            foreach (string pair in target[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                query.Add(eq < 0 ? new(Uri.UnescapeDataString(pair), "") : new(Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..])));
            }
        }
        var headers = lines.Skip(1).Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..])).ToList();

        using JsonDocument ctx = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "context.json")));
        JsonElement c = ctx.RootElement.GetProperty("credentials");
        var credentials = new AwsCredentials(c.GetProperty("access_key_id").GetString()!, c.GetProperty("secret_access_key").GetString()!,
            c.TryGetProperty("token", out JsonElement token) ? token.GetString() : null);
        return (new SigV4Request(method, path, query, headers, Encoding.UTF8.GetBytes(body)), credentials,
            ctx.RootElement.GetProperty("region").GetString()!, ctx.RootElement.GetProperty("service").GetString()!,
            DateTimeOffset.Parse(ctx.RootElement.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            ctx.RootElement.GetProperty("sign_body").GetBoolean());
    }

    private static string Expected(string name, string file) => File.ReadAllText(Path.Combine(VectorDir, name, file)).Replace("\r\n", "\n").TrimEnd('\n');

    [Theory]
    [MemberData(nameof(Cases))]
    public void Canonical_request_string_to_sign_and_signature_match_the_vector(string name)
    {
        var (request, credentials, region, service, time, signBody) = Load(name);
        SigV4Result result = SigV4Signer.Sign(request, credentials, region, service, time, normalizePath: true, signBody: signBody);
        Assert.Equal(Expected(name, "header-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(Expected(name, "header-string-to-sign.txt"), result.StringToSign);
        Assert.Equal(Expected(name, "header-signature.txt"), result.Signature);
        string authorization = result.AddedHeaders.Single(h => h.Key == "Authorization").Value;
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{time:yyyyMMdd}/{region}/{service}/aws4_request, SignedHeaders=", authorization);
        Assert.EndsWith("Signature=" + result.Signature, authorization);
    }

    [Fact]
    public void The_suite_is_all_there()
    {
        // A vector folder that lost a file would otherwise only show up as a parse error.
        Assert.Equal(12, Directory.GetDirectories(VectorDir).Length);
        foreach (string dir in Directory.GetDirectories(VectorDir))
            Assert.Equal(5, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void Slashes_in_a_wire_segment_are_encoded_again_for_the_canonical_path()
    {
        // IoT Publish puts the topic in one path segment: on the wire %2F, in the canonical request %252F.
        Assert.Equal("/topics/%2524aws%252Frules%252Fr%252Fst", SigV4Signer.CanonicalPath("/topics/%24aws%2Frules%2Fr%2Fst", normalize: true));
    }
}
