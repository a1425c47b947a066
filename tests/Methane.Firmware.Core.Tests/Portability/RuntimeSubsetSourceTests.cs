using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Methane.Firmware.Core.Tests.Portability;

/// <summary>
/// Source-level guards for nanoCLR differences that the .NET build cannot show (docs/runtime-differences.md): the
/// language version, number formats, and exception types that the device never throws.
/// </summary>
public sealed class RuntimeSubsetSourceTests
{
    private static readonly string[] PortableProjects =
    {
        "src/Methane.Firmware.Core/Methane.Firmware.Core.csproj",
        "src/Methane.Firmware.Core.Nano/Methane.Firmware.Core.Nano.csproj",
        "tests/Methane.Firmware.Conformance/Methane.Firmware.Conformance.csproj",
        "tests/Methane.Firmware.Conformance.Nano/Methane.Firmware.Conformance.Nano.csproj",
    };

    private static IEnumerable<string> PortableSources() =>
        new[] { "src/Methane.Firmware.Core", "tests/Methane.Firmware.Conformance" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    [Fact]
    public void Portable_projects_pin_LangVersion_10()
    {
        foreach (var project in PortableProjects)
        {
            var doc = XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, project));
            var versions = doc.Descendants("LangVersion").Select(e => e.Value.Trim()).ToArray();
            Assert.True(versions.Length == 1 && versions[0] == "10", $"{project}: LangVersion {string.Join(",", versions)}, expected exactly 10");
        }
    }

    [Fact]
    public void Format_strings_are_only_those_nanoCLR_implements()
    {
        // nanoCLR implements G, N, F, D and X with an optional precision; anything else comes back as the literal text.
        var formatCall = new Regex(@"\.ToString\(\s*""([^""]*)""");
        var allowed = new Regex(@"^[GNFDXgnfdx]\d{0,2}$");
        var offenders = PortableSources()
            .SelectMany(f => formatCall.Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Format: m.Groups[1].Value)))
            .Where(x => !allowed.IsMatch(x.Format))
            .Select(x => $"{x.File}: \"{x.Format}\"").ToArray();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Conformance_program_prints_no_number_through_ToString()
    {
        // The transcript is the contract on both runtimes: numbers go through the core's integer formatter only.
        var offenders = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "tests", "Methane.Firmware.Conformance"), "*.cs")
            .Where(f => File.ReadAllText(f).Contains(".ToString(")).Select(Path.GetFileName).ToArray();
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_portable_code_catches_the_arithmetic_exception_types_nanoCLR_never_throws()
    {
        // nanoCLR throws plain System.Exception for a division by zero (integer or floating), so such a catch would not run.
        var catchArithmetic = new Regex(@"catch\s*\(\s*(System\.)?(DivideByZeroException|ArithmeticException|OverflowException)\b");
        var offenders = PortableSources().Where(f => catchArithmetic.IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToArray();
        Assert.Empty(offenders);
    }
}
