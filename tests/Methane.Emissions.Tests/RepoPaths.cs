namespace Methane.Emissions.Tests;

internal static class RepoPaths
{
    public static string Root()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "Firmware.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
    }

    public static string ExampleSite => Path.Combine(Root(), "src", "Methane.Emissions", "sites", "example-pad.json");
}
