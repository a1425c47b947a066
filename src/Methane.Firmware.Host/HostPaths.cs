namespace Methane.Firmware.Host;

/// <summary>Where the host finds boards, scenarios and the development PKI: the repository when run from it, else next to the exe.</summary>
public static class HostPaths
{
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Firmware.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>A board by name ("esp32-devkitc-tgs2611"), file name ("esp32-devkitc-tgs2611.json") or path to a board file.</summary>
    public static string Board(string nameOrPath)
    {
        if (File.Exists(nameOrPath)) return Path.GetFullPath(nameOrPath);
        string file = nameOrPath.EndsWith(".json", StringComparison.Ordinal) ? nameOrPath : nameOrPath + ".json";
        return Find(Path.Combine("boards", file), Path.Combine("boards", file));
    }

    public static string Scenario(string nameOrPath)
    {
        if (File.Exists(nameOrPath)) return nameOrPath;
        string file = nameOrPath.EndsWith(".json", StringComparison.Ordinal) ? nameOrPath : nameOrPath + ".json";
        return Find(Path.Combine("src", "Methane.Firmware.Host", "scenarios", file), Path.Combine("scenarios", file));
    }

    /// <summary>The sites file (site geometry: sensors, met station, candidate sources), shared with the cloud enrichment.</summary>
    public static string Sites() =>
        Find(Path.Combine("src", "Methane.Cloud.Enrichment", "sites.json"), "sites.json");

    private static string Find(string inRepo, string nextToExe)
    {
        string? root = RepositoryRoot();
        if (root != null && File.Exists(Path.Combine(root, inRepo))) return Path.Combine(root, inRepo);
        return Path.Combine(AppContext.BaseDirectory, nextToExe);
    }
}
