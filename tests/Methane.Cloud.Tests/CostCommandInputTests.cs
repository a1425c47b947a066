using Methane.Cloud.Pipeline.Cost;

namespace Methane.Cloud.Tests;

/// <summary>The cost command's answer to a run path that is not a traffic file: exit 2 and a message naming it, no crash.</summary>
public sealed class CostCommandInputTests
{
    [Fact]
    public void A_directory_as_the_run_is_refused_with_its_path()
    {
        string dir = TestData.TempDir();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CostCommand.Run(new Dictionary<string, string> { ["run"] = dir }, stdout, stderr);
        Assert.Equal(2, code);
        Assert.StartsWith("cost: ", stderr.ToString());
        Assert.Contains(dir.TrimEnd('/'), stderr.ToString());
    }

    [Fact]
    public void A_missing_run_file_is_refused_with_its_path()
    {
        string missing = Path.Combine(TestData.TempDir(), "nope.json");
        var stderr = new StringWriter();
        Assert.Equal(2, CostCommand.Run(new Dictionary<string, string> { ["run"] = missing }, new StringWriter(), stderr));
        Assert.Contains(missing, stderr.ToString());
    }
}
