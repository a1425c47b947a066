using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Firmware.Core.Jobs;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Firmware.Core.Tests.Jobs;

/// <summary>
/// ≥ 1,000,000 random, mutated and generated documents through the device's validator. Nothing may throw; every accepted
/// document must satisfy the rules; every rejection must name a field; and a sample is checked against an independent
/// reference built on System.Text.Json and the semver.org regular expression.
/// </summary>
public sealed class JobDocumentFuzzTests
{
    private const int Inputs = 1_000_000;
    private static readonly string[] Fields = { "document", "operation", "version", "url", "size", "sha256", "force", "config" };

    private readonly ITestOutputHelper _output;

    public JobDocumentFuzzTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] Seeds =
    {
        JobDocumentValidatorTests.Ota(),
        JobDocumentValidatorTests.Ota(version: "2.0.0-rc.1+b.5", extra: ",\"force\":false"),
        JobDocumentValidatorTests.Ota(version: "1.0.0", extra: ",\"force\":true,\"note\":[1,{\"a\":null}]"),
        "{\"operation\":\"reboot\"}",
        "{\"operation\":\"config\",\"config\":{\"publishIntervalS\":60,\"alarm\":{\"lowPpm\":5000}}}",
        "{\"version\":\"1.4.3\",\"operation\":\"ota\",\"sha256\":\"" + JobDocumentValidatorTests.Sha + "\",\"size\":1,\"url\":\"https:\\/\\/h\\/p\"}",
    };

    private static readonly string[] Tokens =
    {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u00e9", "\\ud800", "null", "true", "false", "0", "-1", "1e3", "1.5",
        "99999999999999999999", "\"ota\"", "\"reboot\"", "\"config\"", "\"operation\"", "\"version\"", "\"url\"", "\"size\"",
        "\"sha256\"", "\"force\"", "\"https://\"", "\"http://\"", "\"1.4.2\"", "\"1.4.3\"", "\"01.2.3\"", " ", "\u00e9", "\u0000",
    };

    [Fact]
    public void A_million_inputs_never_break_the_rules()
    {
        var validator = new JobDocumentValidator(JobDocumentValidatorTests.Running, JobDocumentValidatorTests.SlotCapacity);
        var doc = new JobDocument();
        var rng = new Random(4_2026_11);
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var tokens = Tokens.Select(Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[40_000];
        int accepted = 0, compared = 0;
        var fieldCounts = new int[Fields.Length];
        var structured = Enumerable.Range(0, 4096).Select(_ => GenerateStructured(rng)).ToArray();
        var watch = Stopwatch.StartNew();
        var validateWatch = new Stopwatch();
        var referenceWatch = new Stopwatch();

        for (int i = 0; i < Inputs; i++)
        {
            int length = Generate(rng, seeds, tokens, structured, buffer, i);
            bool ok;
            try
            {
                validateWatch.Start();
                ok = validator.Validate(buffer, 0, length, doc);
                validateWatch.Stop();
            }
            catch (Exception ex)
            {
                throw new Exception($"input {i} threw: {Convert.ToBase64String(buffer, 0, length)}", ex);
            }

            if (ok)
            {
                accepted++;
                Assert.Null(validator.Reason);
                CheckAccepted(doc);
            }
            else
            {
                string reason = validator.Reason!;
                int f = FieldIndex(reason);
                if (f < 0)
                {
                    Assert.Fail($"input {i}: reason names no field: {reason}");
                }
                fieldCounts[f]++;
            }

            if (i % 16 == 0)
            {
                var input = buffer.AsSpan(0, length).ToArray();
                referenceWatch.Start();
                var expected = Reference(input);
                referenceWatch.Stop();
                if (expected.Field != "skip")
                {
                    compared++;
                    string actualField = ok ? "" : validator.Reason!.Substring(0, validator.Reason!.IndexOf(':'));
                    if (expected.Field != actualField)
                    {
                        Assert.Fail($"input {i}: reference says '{expected.Field}', validator says '{validator.Reason}' for "
                            + Encoding.UTF8.GetString(input));
                    }
                }
            }
        }
        watch.Stop();

        var reasons = Fields.Select((f, k) => (Key: f, Value: fieldCounts[k])).ToArray();
        string summary = $"job document fuzz: {Inputs:N0} inputs in {watch.ElapsedMilliseconds} ms ({validateWatch.ElapsedMilliseconds} ms validating, {referenceWatch.ElapsedMilliseconds} ms in the reference), {accepted:N0} accepted, "
            + $"{compared:N0} compared with the System.Text.Json reference; rejections by field: "
            + string.Join(", ", reasons.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value:N0}"));
        TestFigures.Report(summary, _output.WriteLine);
        // The mix must reach both sides and every rule, or the fuzz proves little.
        Assert.True(accepted > 10_000, summary);
        foreach (var f in Fields)
        {
            Assert.True(fieldCounts[Array.IndexOf(Fields, f)] > 100, $"too few '{f}' rejections: {summary}");
        }
    }

    private static int FieldIndex(string reason)
    {
        for (int k = 0; k < Fields.Length; k++)
        {
            string f = Fields[k];
            if (reason.Length > f.Length && reason[f.Length] == ':' && string.CompareOrdinal(reason, 0, f, 0, f.Length) == 0)
            {
                return k;
            }
        }
        return -1;
    }

    private static void CheckAccepted(JobDocument doc)
    {
        Assert.NotEqual(JobOperation.None, doc.Operation);
        if (doc.Operation == JobOperation.Ota)
        {
            Assert.InRange(doc.Size, 1, JobDocumentValidatorTests.SlotCapacity);
            string url = doc.UrlToString();
            Assert.StartsWith("https://", url, StringComparison.OrdinalIgnoreCase);
            Assert.True(url.Length > 8);
            var version = doc.VersionToString();
            Assert.Matches(SemVerRegex, version);
            if (!doc.Force)
            {
                Assert.True(ReferenceCompare(version, JobDocumentValidatorTests.Running) > 0, version);
            }
        }
    }

    private static int Generate(Random rng, byte[][] seeds, byte[][] tokens, byte[][] structured, byte[] buffer, int i)
    {
        int kind = i % 10;
        if (kind == 0)
        {
            // Random bytes, half of them from a JSON-ish alphabet.
            const string alphabet = "{}[]\":,0123456789.-eEtrufalsn \\";
            int n = rng.Next(0, 120);
            bool raw = rng.Next(2) == 0;
            for (int k = 0; k < n; k++)
            {
                buffer[k] = raw ? (byte)rng.Next(256) : (byte)alphabet[rng.Next(alphabet.Length)];
            }
            return n;
        }
        if (i % 50_000 == 3)
        {
            // Rare: around the 32 KB limit.
            string pad = new string('x', rng.Next(32_600, 32_900));
            return Encoding.UTF8.GetBytes("{\"operation\":\"reboot\",\"pad\":\"" + pad + "\"}", buffer);
        }

        byte[] start = kind <= 3 ? structured[rng.Next(structured.Length)] : seeds[rng.Next(seeds.Length)];
        int length = start.Length;
        start.CopyTo(buffer, 0);
        if (kind <= 2)
        {
            return length; // generated documents as they are
        }
        int mutations = 1 + rng.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            int pos = length == 0 ? 0 : rng.Next(length);
            switch (rng.Next(6))
            {
                case 0:
                    if (length > 0) buffer[pos] = (byte)rng.Next(256);
                    break;
                case 1:
                    if (length > 0) buffer[pos] ^= (byte)(1 << rng.Next(8));
                    break;
                case 2:
                    byte[] t = tokens[rng.Next(tokens.Length)];
                    Array.Copy(buffer, pos, buffer, pos + t.Length, length - pos);
                    t.CopyTo(buffer, pos);
                    length += t.Length;
                    break;
                case 3:
                    int cut = Math.Min(length - pos, 1 + rng.Next(8));
                    Array.Copy(buffer, pos + cut, buffer, pos, length - pos - cut);
                    length -= cut;
                    break;
                case 4:
                    length = pos;
                    break;
                default:
                    if (length > 2)
                    {
                        int from = rng.Next(length - 1);
                        int len = Math.Min(length - from, 1 + rng.Next(12));
                        var copy = buffer.AsSpan(from, len).ToArray();
                        Array.Copy(buffer, pos, buffer, pos + len, length - pos);
                        copy.CopyTo(buffer, pos);
                        length += len;
                    }
                    break;
            }
        }
        return length;
    }

    private static readonly string[] Versions = { "1.4.3", "1.4.2", "0.9.9", "2.0.0-alpha.1", "1.4.2-rc.1", "1.4.3+b", "1.5", "01.4.5", "10.0.0", "" };
    private static readonly string[] Urls = { "https://h/a.pe", "HTTPS://H/x", "http://h/a", "https://", "https://u@h/", "https://h/a b", "https:\\/\\/h\\/p", "s3://b/k" };
    private static readonly string[] Sizes = { "1", "1000000", "1000001", "0", "-5", "2.5", "\"9\"", "1e2", "123" };
    private static readonly string[] Ops = { "\"ota\"", "\"reboot\"", "\"config\"", "\"flash\"", "7", "null" };

    private static byte[] GenerateStructured(Random rng)
    {
        var parts = new List<string>();
        if (rng.Next(10) > 0) parts.Add("\"operation\":" + Ops[rng.Next(Ops.Length)]);
        if (rng.Next(10) > 1) parts.Add("\"version\":\"" + Versions[rng.Next(Versions.Length)] + "\"");
        if (rng.Next(10) > 1) parts.Add("\"url\":\"" + Urls[rng.Next(Urls.Length)] + "\"");
        if (rng.Next(10) > 1) parts.Add("\"size\":" + Sizes[rng.Next(Sizes.Length)]);
        if (rng.Next(10) > 1)
        {
            string sha = JobDocumentValidatorTests.Sha;
            parts.Add("\"sha256\":\"" + (rng.Next(6) switch { 0 => sha.Substring(2), 1 => sha.Replace('a', 'z'), 2 => sha.ToUpperInvariant(), _ => sha }) + "\"");
        }
        if (rng.Next(4) == 0) parts.Add("\"force\":" + (rng.Next(3) switch { 0 => "true", 1 => "false", _ => "1" }));
        if (rng.Next(4) == 0) parts.Add("\"config\":" + (rng.Next(3) == 0 ? "[]" : "{\"a\":1}"));
        if (rng.Next(6) == 0) parts.Add(parts.Count > 0 ? parts[rng.Next(parts.Count)] : "\"x\":1");
        var ordered = parts.OrderBy(_ => rng.Next()).ToList();
        return Encoding.UTF8.GetBytes("{" + string.Join(",", ordered) + "}");
    }

    // ---- independent reference -------------------------------------------------------------------------------------------

    // semver.org's suggested regular expression (with [0-9] for \d), plus this project's bounds (≤ 32 characters, ≤ 12 digits).
    private static readonly Regex SemVerRegex = new(
        @"^(0|[1-9][0-9]{0,11})\.(0|[1-9][0-9]{0,11})\.(0|[1-9][0-9]{0,11})(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex Sha256Regex = new("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant);

    private static int ReferenceCompare(string a, string b)
    {
        var ma = SemVerRegex.Match(a);
        var mb = SemVerRegex.Match(b);
        for (int g = 1; g <= 3; g++)
        {
            int c = long.Parse(ma.Groups[g].Value).CompareTo(long.Parse(mb.Groups[g].Value));
            if (c != 0) return c;
        }
        string pa = ma.Groups[4].Value, pb = mb.Groups[4].Value;
        if (pa.Length == 0 || pb.Length == 0) return pa.Length == pb.Length ? 0 : (pa.Length == 0 ? 1 : -1);
        var ia = pa.Split('.');
        var ib = pb.Split('.');
        for (int k = 0; k < Math.Min(ia.Length, ib.Length); k++)
        {
            bool na = ia[k].All(char.IsAsciiDigit), nb = ib[k].All(char.IsAsciiDigit);
            int c = na && nb ? System.Numerics.BigInteger.Parse(ia[k]).CompareTo(System.Numerics.BigInteger.Parse(ib[k]))
                : na != nb ? (na ? -1 : 1) : string.CompareOrdinal(ia[k], ib[k]);
            if (c != 0) return Math.Sign(c);
        }
        return ia.Length.CompareTo(ib.Length);
    }

    /// <summary>The field the document should be rejected for ("" when accepted; "skip" for inputs the oracle cannot judge).</summary>
    private static (string Field, int Unused) Reference(byte[] input)
    {
        if (input.Length > 32768) return ("document", 0);
        string text;
        try
        {
            // RFC 8259 §8.1: JSON text is UTF-8; System.Text.Json does not check string contents eagerly, so check here.
            text = new UTF8Encoding(false, true).GetString(input);
        }
        catch (ArgumentException)
        {
            return ("document", 0);
        }
        // The device reader refuses escaped lone surrogates; System.Text.Json accepts them. Leave those to the unit tests.
        if (Regex.IsMatch(text, @"\\u[dD][89a-fA-F]")) return ("skip", 0);
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return ("document", 0);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ("document", 0);

            var seen = new HashSet<string>();
            string? operationError = null, fieldError = null, operation = null;
            bool force = false;
            string? version = null;
            foreach (var p in root.EnumerateObject())
            {
                string name = p.Name;
                bool known = Array.IndexOf(Fields, name) > 0;
                if (!known) continue;
                bool duplicate = !seen.Add(name);
                string? error = duplicate ? name : Check(name, p.Value, ref operation, ref force, ref version);
                if (name == "operation") operationError ??= error;
                else fieldError ??= error;
            }
            if (!seen.Contains("operation")) return ("operation", 0);
            if (operationError != null) return (operationError, 0);
            if (operation == "ota")
            {
                fieldError ??= !seen.Contains("version") ? "version" : !seen.Contains("url") ? "url" : !seen.Contains("size") ? "size"
                    : !seen.Contains("sha256") ? "sha256" : null;
                if (fieldError == null && !force && ReferenceCompare(version!, JobDocumentValidatorTests.Running) <= 0) fieldError = "version";
            }
            else if (operation == "config")
            {
                fieldError ??= seen.Contains("config") ? null : "config";
            }
            return (fieldError ?? "", 0);
        }
    }

    private static string? Check(string name, JsonElement v, ref string? operation, ref bool force, ref string? version)
    {
        switch (name)
        {
            case "operation":
                if (v.ValueKind != JsonValueKind.String) return name;
                operation = v.GetString();
                return operation is "ota" or "reboot" or "config" ? null : name;
            case "version":
                if (v.ValueKind != JsonValueKind.String) return name;
                version = v.GetString()!;
                return version.Length <= 32 && SemVerRegex.IsMatch(version) ? null : name;
            case "url":
                if (v.ValueKind != JsonValueKind.String) return name;
                string url = v.GetString()!;
                byte[] bytes = Encoding.UTF8.GetBytes(url);
                if (bytes.Length > 2048 || !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return name;
                string rest = url.Substring(8);
                int hostEnd = rest.IndexOfAny(new[] { '/', '?', '#' });
                string host = hostEnd < 0 ? rest : rest.Substring(0, hostEnd);
                if (host.Length == 0 || host.Contains('@')) return name;
                return rest.All(c => c > ' ' && c < 0x7F && "\"<>\\^`{|}".IndexOf(c) < 0) ? null : name;
            case "size":
                if (v.ValueKind != JsonValueKind.Number) return name;
                string raw = v.GetRawText();
                if (raw.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 || !long.TryParse(raw, out long size)) return name;
                return size > 0 && size <= JobDocumentValidatorTests.SlotCapacity ? null : name;
            case "sha256":
                return v.ValueKind == JsonValueKind.String && Sha256Regex.IsMatch(v.GetString()!) ? null : name;
            case "force":
                if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    force = v.ValueKind == JsonValueKind.True;
                    return null;
                }
                return name;
            case "config":
                return v.ValueKind == JsonValueKind.Object ? null : name;
            default:
                return null;
        }
    }
}
