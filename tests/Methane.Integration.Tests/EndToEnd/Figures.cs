using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Measured figures (reported, never asserted as wall-clock limits): to the test output and to the console, prefixed
/// "figure:" so `dotnet test ... --logger "console;verbosity=detailed" | grep figure:` collects them.
/// </summary>
public static class Figures
{
    public static void Report(ITestOutputHelper output, string text)
    {
        string line = "figure: " + text;
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    public static void Note(ITestOutputHelper output, string text)
    {
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
