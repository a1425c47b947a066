using System.Xml.Linq;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>
/// Dependencies point one way: the firmware host references no cloud project and nothing under tests/ (issue 11); the demo's
/// composition with the cloud pipeline lives in src/Methane.Demo.
/// </summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void Firmware_host_references_no_cloud_or_test_project()
    {
        string root = HostPaths.RepositoryRoot() ?? throw new InvalidOperationException("repository root (Firmware.sln) not found above " + Environment.CurrentDirectory);
        var project = XDocument.Load(Path.Combine(root, "src", "Methane.Firmware.Host", "Methane.Firmware.Host.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include") ?? "").ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, r => r.Contains("Methane.Cloud.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.Replace('\\', '/').Contains("/tests/", StringComparison.Ordinal) || r.StartsWith("tests/", StringComparison.Ordinal));
        Assert.DoesNotContain(project.Descendants("PackageReference"), p => ((string?)p.Attribute("Include") ?? "").StartsWith("DuckDB", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_project_composes_the_host_with_the_pipeline()
    {
        string root = HostPaths.RepositoryRoot() ?? throw new InvalidOperationException("repository root (Firmware.sln) not found above " + Environment.CurrentDirectory);
        var project = XDocument.Load(Path.Combine(root, "src", "Methane.Demo", "Methane.Demo.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName(((string?)r.Attribute("Include") ?? "").Replace('\\', '/'))).ToList();

        Assert.Contains("Methane.Firmware.Host.csproj", references);
        Assert.Contains("Methane.Cloud.Pipeline.csproj", references);
    }
}
