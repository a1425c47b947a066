using System.Reflection;

namespace Methane.Firmware.Core.Tests;

internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Path.GetFullPath(typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);
}
