namespace Methane.Testing;

/// <summary>
/// Figures a test run measures (fuzz counts, reconnect times, replay rates) and that belong in the CI log. dotnet test hides
/// test output of passing tests, so each line is also appended to $METHANE_FIGURES_FILE, which tests/run-all.sh prints at
/// the end of the run. Figures are reported, never asserted as wall-clock limits.
/// </summary>
public static class TestFigures
{
    private static readonly object Gate = new();

    public static void Report(string line, Action<string>? testOutput = null)
    {
        testOutput?.Invoke(line);
        Console.WriteLine(line);
        string? file = Environment.GetEnvironmentVariable("METHANE_FIGURES_FILE");
        if (string.IsNullOrEmpty(file)) return;
        lock (Gate) { File.AppendAllText(file, line + Environment.NewLine); }
    }
}
