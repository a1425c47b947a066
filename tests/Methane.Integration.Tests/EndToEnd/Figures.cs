using Methane.Testing;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Measured figures (reported, never asserted as wall-clock limits), prefixed "figure:": to the test output, the console and
/// $METHANE_FIGURES_FILE through <see cref="TestFigures"/> (tests/run-all.sh prints that file at the end of a run).
/// </summary>
public static class Figures
{
    public static void Report(ITestOutputHelper output, string text) => TestFigures.Report("figure: e2e " + text, output.WriteLine);

    /// <summary>Context for the figures (device counters), to the test output and console only.</summary>
    public static void Note(ITestOutputHelper output, string text)
    {
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
