using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using Methane.Firmware.Conformance;
using Xunit;

namespace Methane.Firmware.Core.Tests.Conformance;

/// <summary>
/// The .NET half of the conformance lane. The conformance program's transcript on .NET must equal the committed contract
/// (tests/Methane.Firmware.Conformance/transcript.txt), which nanoCLR must print too (tests/conformance-nanoclr.sh). Lines
/// with a source of their own (NIST vectors, datasheet bytes, hand-computed values, the specification) are asserted as such,
/// so the contract cannot drift into a wrong value unnoticed.
/// </summary>
public sealed class ConformanceTranscriptTests
{
    private sealed class ListSink : ILineSink
    {
        public readonly List<string> Lines = new();
        public void WriteLine(string line) => Lines.Add(line);
    }

    /// <summary>The .NET transcript, run once for every conformance test class.</summary>
    internal static IReadOnlyList<string> Lines => Transcript.Value;

    private static readonly Lazy<List<string>> Transcript = new(() =>
    {
        var sink = new ListSink();
        ConformanceProgram.Run(sink);
        return sink.Lines;
    });

    private static string ContractPath => Path.Combine(TestPaths.RepositoryRoot, "tests", "Methane.Firmware.Conformance", "transcript.txt");

    [Fact]
    public void Transcript_equals_the_committed_contract_line_by_line()
    {
        var expected = File.ReadAllText(ContractPath).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var actual = Transcript.Value;
        for (int i = 0; i < Math.Min(expected.Length, actual.Count); i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"first difference at line {i + 1}:\n  contract: {expected[i]}\n  .NET now: {actual[i]}\n"
                    + "If the change is intended, regenerate the contract: dotnet run --project tests/Methane.Firmware.Conformance -c Release > "
                    + "tests/Methane.Firmware.Conformance/transcript.txt (and run tests/conformance-nanoclr.sh where a nanoCLR is available).");
            }
        }
        Assert.True(expected.Length == actual.Count, $"contract has {expected.Length} lines, .NET printed {actual.Count}");
    }

    [Fact]
    public void No_section_threw_and_the_last_line_counts_every_line()
    {
        var lines = Transcript.Value;
        Assert.DoesNotContain(lines, l => l.StartsWith("!! "));
        Assert.Equal("end lines " + lines.Count, lines[^1]);
        string[] sections = { "math", "format", "integrity", "ads1115", "sht4x", "nonfinite", "alarm", "cycle", "telemetry", "outbox", "json", "jobs", "shadow", "ota", "session", "wind", "ambient", "alarmevent", "lean", "image" };
        Assert.Equal(sections, lines.Where(l => l.StartsWith("== ")).Select(l => l[3..]).ToArray());
    }

    [Theory]
    // FIPS 180-2 / NIST CSRC examples.
    [InlineData("sha256 abc BA 78 16 BF 8F 01 CF EA 41 41 40 DE 5D AE 22 23 B0 03 61 A3 96 17 7A 9C B4 10 FF 61 F2 00 15 AD")]
    [InlineData("sha256 empty E3 B0 C4 42 98 FC 1C 14 9A FB F4 C8 99 6F B9 24 27 AE 41 E4 64 9B 93 4C A4 95 99 1B 78 52 B8 55")]
    [InlineData("sha256 448bit 24 8D 6A 61 D2 06 38 B8 E5 C0 26 93 0C 3E 60 39 A3 3C E4 59 64 FF 21 67 F6 EC ED D4 19 DB 06 C1")]
    // CRC-32/ISO-HDLC check value.
    [InlineData("crc32 123456789 0xCBF43926")]
    [InlineData("crc32 chunked 0xCBF43926")]
    [InlineData("crc32 empty 0x00000000")]
    // Sensirion SHT4x datasheet: CRC-8 of 0xBEEF is 0x92.
    [InlineData("sht4x crc BEEF 0x92")]
    [InlineData("sht4x check BEEF 92 true")]
    [InlineData("sht4x check BEEF 93 false")]
    // ADS1115: pointer 0x01 then config 0xC383 (AIN0 single-ended, ±4.096 V, single-shot, 128 SPS, comparator off).
    [InlineData("config write AIN0 01 C3 83")]
    [InlineData("config 0xC383 reset 0x8583")]
    // Hand-computed: 16000 · 4.096 / 32768 = 2.0 V exactly; config 01 C3 83 written, then the conversion register (pointer 00)
    // read; waited 128 SPS −10 % → 8.7 ms → 9 ms + 1 ms wake-up = 10 ms, plus one 1-ms status poll while the chip is busy.
    [InlineData("read 16000 status 0 raw 16000 volts 2.000000~0x4000000000000000 saturated false config 01 C3 83 last 00 waited 11")]
    // Hand-computed: ticks 26214 = 0.4 · 65535 → T = −45 + 70 = 25 °C; 39321 = 0.6 · 65535 → RH = −6 + 75 = 69 %RH.
    [InlineData("measure 0x6666 0x9999 status 0 ticks 26214 39321 cmd 0xFD waited 9 T 25.000000~0x4039000000000000 RH 69.000000~0x4051400000000000 mC 25000 m% 69000 clamped 69.000000~0x4051400000000000")]
    // Specification (AlarmStateMachine, RateOfRiseDetector): a NaN sample holds the level and never fires the leak detector.
    [InlineData("alarm NaN 0000 then 25:002 then NaN:2222")]
    [InlineData("rateOfRise ppm NaN at sample 4: 00000000 slope NaN")]
    [InlineData("clampHumidity NaN -> NaN")]
    [InlineData("plausible T=NaN false RH=NaN false")]
    [InlineData("median1 NaN NaN")]
    // Every double setting refuses NaN, naming the field (Validate's contract).
    [InlineData("validate NaN calibration.loadResistorOhms calibration.circuitVolts calibration.r0Ohms calibration.curveB calibration.lelPpm filter.emaAlpha filter.baselineTimeConstantSeconds alarm.highLelPct alarm.hysteresisLelPct alarm.rateOfRisePpmPerMinute sensing.temperatureMaxC sensing.humidityMaxPct")]
    // IEEE 754 quotients for zero divisors.
    [InlineData("div 1/-0 -Inf -1/-0 +Inf 0/0 NaN nan/0 NaN")]
    public void Line_with_an_independent_source_is_in_the_transcript(string line)
    {
        Assert.Contains(line, Transcript.Value);
    }

    [Fact]
    public void Sha256_of_the_chunked_pattern_matches_the_platform_implementation()
    {
        var pattern = new byte[1000];
        for (int i = 0; i < pattern.Length; i++) pattern[i] = (byte)(i * 7 + 3);
        string hex = string.Join(" ", SHA256.HashData(pattern).Select(b => b.ToString("X2")));
        Assert.Contains("sha256 pattern1000 chunked " + hex + " length 1000", Transcript.Value);
        Assert.Contains("sha256 pattern1000 whole   " + hex, Transcript.Value);
    }

    [Fact]
    public void No_false_rate_of_rise_alarm_after_either_warm_up()
    {
        // Cycles 15–20 follow the first warm-up (150 s at 10 s per cycle), 71–79 the heater restart at cycle 56; the gas is
        // flat clean air in both, so the RateOfRise bit (0x400) must be clear (issue 10: nanoCLR set it on cycles 4–33).
        var cycles = Transcript.Value.Where(l => l.StartsWith("cycle ")).Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[1]), p => Convert.ToInt32(p[5], 16));
        foreach (int c in Enumerable.Range(15, 6).Concat(Enumerable.Range(71, 9)))
        {
            Assert.Equal(0, cycles[c] & 0x400);
            Assert.Equal(0, cycles[c] & 0x001);
        }
        Assert.All(Enumerable.Range(0, 15).Concat(Enumerable.Range(56, 15)), c => Assert.Equal(0x001, cycles[c] & 0x001));
        Assert.Equal(0x400, cycles[27] & 0x400); // the leak ramp does fire it
    }

    [SkippableFact]
    public void Transcript_on_nanoCLR_is_identical_when_a_nanoCLR_is_configured()
    {
        Skip.If(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NANOCLR")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NANO_MDP")),
            "set NANOCLR (nanoCLR for Linux) and NANO_MDP (metadata processor) to run the conformance program on nanoCLR");
        var start = new ProcessStartInfo("bash", new[] { Path.Combine(TestPaths.RepositoryRoot, "tests", "conformance-nanoclr.sh"), "--require" })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"conformance-nanoclr.sh exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
    }

    [Fact]
    public void Conformance_program_for_nanoFramework_has_no_generics()
    {
        string path = typeof(ConformanceTranscriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NanoConformanceAssembly").Value!;
        Assert.True(File.Exists(path), $"nanoFramework build of the conformance program not found at {path}");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        Assert.Equal(0, md.GetTableRowCount(TableIndex.MethodSpec));
        Assert.Equal(0, md.GetTableRowCount(TableIndex.GenericParam));
        Assert.DoesNotContain(md.TypeReferences, h => md.GetString(md.GetTypeReference(h).Name).Contains('`'));
        Assert.Equal(new[] { "Methane.Firmware.Core", "mscorlib" },
            md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).OrderBy(n => n, StringComparer.Ordinal).ToArray());
    }
}
