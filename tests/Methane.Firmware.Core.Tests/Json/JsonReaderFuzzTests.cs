using System.Diagnostics;
using System.Text;
using JsonException = System.Text.Json.JsonException;
using JsonReaderOptions = System.Text.Json.JsonReaderOptions;
using Utf8JsonReader = System.Text.Json.Utf8JsonReader;
using JsonCommentHandling = System.Text.Json.JsonCommentHandling;
using JsonTokenType = Methane.Firmware.Core.Json.JsonTokenType;
using Methane.Firmware.Core.Json;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Firmware.Core.Tests.Json;

/// <summary>
/// ≥ 1,000,000 random and mutated inputs through the reader. Each must terminate within a bounded number of Read calls,
/// raise no exception, and agree with System.Text.Json (made equally strict: no comments, no trailing commas, same depth,
/// every string decoded) on whether the document is valid JSON (checked on a fixed 1-in-16 sample to keep the test fast).
/// </summary>
public sealed class JsonReaderFuzzTests
{
    private const int Iterations = 1_000_000;
    private const int MaxDepth = 16;

    private static readonly string[] Seeds =
    {
        "{\"state\":{\"publish_interval_s\":60,\"sample_interval_s\":5,\"alarm_low_lel\":10,\"alarm_high_lel\":20.5,\"filter_window\":7},"
            + "\"metadata\":{\"publish_interval_s\":{\"timestamp\":1790000000}},\"version\":42,\"timestamp\":1790000001,\"clientToken\":\"tok-1\"}",
        "{\"state\":{\"publish_interval_s\":-1e3},\"version\":7,\"timestamp\":1790000002}",
        "{\"timestamp\":1790000003,\"execution\":{\"jobId\":\"ota-2026-11\",\"status\":\"QUEUED\",\"queuedAt\":1790000000,"
            + "\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"ota\",\"version\":\"1.4.2\","
            + "\"url\":\"https://example-bucket.s3.amazonaws.com/fw/1.4.2.pe?X-Amz-Signature=abc%2F\",\"size\":183456,"
            + "\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}}}",
        "{\"operation\":\"reboot\",\"note\":\"caf\\u00e9 \\ud83d\\ude00 tab\\t \\\"q\\\" \\/ \\\\\",\"list\":[1,-0.5,2E+2,true,false,null,[],{}]}",
        "[{\"a\":[[[[0]]]]},\"\\u0000\",12345678901234567890,-9223372036854775808,1e-400,\"température\"]",
    };

    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("{}[]\":,\\u0123456789-+.eEtfn \t\r\n");

    private readonly ITestOutputHelper _output;

    public JsonReaderFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Million_random_and_mutated_inputs()
    {
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        foreach (var s in seeds) Assert.True(ReferenceValid(s, s.Length), "seed must be valid: " + Encoding.UTF8.GetString(s));

        var rng = new Random(20261127);
        var reader = new JsonReader(MaxDepth);
        var buf = new byte[8192];
        var copy = new byte[64];
        long valid = 0, invalid = 0, mismatches = 0, tokens = 0, compared = Iterations / 16;
        var firstMismatches = new List<string>();
        var sw = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        for (int it = 0; it < Iterations; it++)
        {
            int len = MakeInput(rng, seeds, buf);
            reader.Reset(buf, 0, len);
            int reads = 0;
            bool ok;
            try
            {
                while (reader.Read())
                {
                    // Every Read either advances past at least one byte or ends, so tokens ≤ bytes + 1.
                    if (++reads > len + 1) throw new Exception("reader did not terminate");
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.String:
                        case JsonTokenType.PropertyName:
                            reader.CopyString(copy, 0, copy.Length);
                            reader.ValueEquals("publish_interval_s");
                            if ((reads & 7) == 0 && !reader.Skip()) goto done;
                            break;
                        case JsonTokenType.Number:
                            reader.TryGetInt64(out _);
                            reader.TryGetDouble(out _);
                            break;
                        case JsonTokenType.StartObject:
                        case JsonTokenType.StartArray:
                            if ((reads & 15) == 0 && !reader.Skip()) goto done;
                            break;
                    }
                }
            done:
                tokens += reads;
                ok = reader.TokenType == JsonTokenType.EndOfDocument;
                if (!ok)
                {
                    Assert.Equal(JsonTokenType.Error, reader.TokenType);
                    Assert.NotEqual(JsonError.None, reader.Error);
                    Assert.InRange(reader.ErrorPosition, 0, len);
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Exception("exception escaped the reader for input: " + Convert.ToHexString(buf, 0, len), e);
            }

            if (ok) valid++; else invalid++;
            // The reference parser throws on invalid input (slow), so it checks a fixed sample of 1 in 16.
            if ((it & 15) == 0 && ok != ReferenceValid(buf, len))
            {
                mismatches++;
                if (firstMismatches.Count < 5) firstMismatches.Add((ok ? "ours valid: " : "ours invalid: ") + Convert.ToHexString(buf, 0, Math.Min(len, 200)));
            }
        }

        string summary = $"JSON reader fuzz: {Iterations:N0} inputs ({valid:N0} valid, {invalid:N0} invalid, {tokens:N0} tokens, " +
                         $"{mismatches} disagreements with System.Text.Json in {compared:N0} compared) in {sw.ElapsedMilliseconds} ms wall, " +
                         $"{(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds:F0} ms CPU";
        Methane.Testing.TestFigures.Report(summary, _output.WriteLine);
        Assert.True(mismatches == 0, string.Join("\n", firstMismatches));
        Assert.True(valid > Iterations / 50, "the mutator should still produce a fair share of valid documents");
        Assert.True(invalid > Iterations / 2);
    }

    private static bool ReferenceValid(byte[] buf, int len)
    {
        try
        {
            var r = new Utf8JsonReader(buf.AsSpan(0, len), new JsonReaderOptions
            {
                MaxDepth = MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow,
            });
            while (r.Read())
            {
                if (r.TokenType == System.Text.Json.JsonTokenType.String || r.TokenType == System.Text.Json.JsonTokenType.PropertyName) r.GetString();
            }
            return true;
        }
        catch (JsonException) { return false; }
        catch (InvalidOperationException) { return false; }
        catch (ArgumentException) { return false; }
    }

    private static int MakeInput(Random rng, byte[][] seeds, byte[] buf)
    {
        int kind = rng.Next(100);
        if (kind < 5)
        {
            // Pure noise, biased to JSON's own characters.
            int n = rng.Next(0, 64);
            for (int i = 0; i < n; i++) buf[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : Interesting[rng.Next(Interesting.Length)];
            return n;
        }
        if (kind < 8)
        {
            // Deep nesting around a seed, below, at and above the depth limit.
            int depth = rng.Next(MaxDepth - 3, MaxDepth + 3);
            bool objects = rng.Next(2) == 0;
            var seed = seeds[rng.Next(seeds.Length)];
            int p = 0;
            for (int i = 0; i < depth; i++) p = Put(buf, p, objects ? "{\"k\":" : "[");
            Array.Copy(seed, 0, buf, p, seed.Length); p += seed.Length;
            for (int i = 0; i < depth; i++) buf[p++] = objects ? (byte)'}' : (byte)']';
            return p;
        }
        var src = seeds[rng.Next(seeds.Length)];
        int len = src.Length;
        Array.Copy(src, buf, len);
        int mutations = rng.Next(4); // 0: the valid seed itself (sometimes) — keeps valid inputs in the mix
        for (int m = 0; m < mutations; m++)
        {
            switch (rng.Next(6))
            {
                case 0: // bit flip
                    if (len > 0) buf[rng.Next(len)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1: // truncation
                    len = rng.Next(len + 1);
                    break;
                case 2: // insertion of a byte
                    if (len < buf.Length - 1)
                    {
                        int at = rng.Next(len + 1);
                        Array.Copy(buf, at, buf, at + 1, len - at);
                        buf[at] = rng.Next(2) == 0 ? Interesting[rng.Next(Interesting.Length)] : (byte)rng.Next(256);
                        len++;
                    }
                    break;
                case 3: // duplication of a slice
                    if (len > 0)
                    {
                        int from = rng.Next(len);
                        int n = Math.Min(rng.Next(1, 40), len - from);
                        int at = rng.Next(len + 1);
                        if (len + n <= buf.Length)
                        {
                            var slice = buf.AsSpan(from, n).ToArray();
                            Array.Copy(buf, at, buf, at + n, len - at);
                            slice.CopyTo(buf, at);
                            len += n;
                        }
                    }
                    break;
                case 4: // deletion of a slice
                    if (len > 0)
                    {
                        int at = rng.Next(len);
                        int n = Math.Min(rng.Next(1, 8), len - at);
                        Array.Copy(buf, at + n, buf, at, len - at - n);
                        len -= n;
                    }
                    break;
                default: // replace a byte by a structural one
                    if (len > 0) buf[rng.Next(len)] = Interesting[rng.Next(Interesting.Length)];
                    break;
            }
        }
        return len;
    }

    private static int Put(byte[] buf, int p, string ascii)
    {
        for (int i = 0; i < ascii.Length; i++) buf[p++] = (byte)ascii[i];
        return p;
    }
}
