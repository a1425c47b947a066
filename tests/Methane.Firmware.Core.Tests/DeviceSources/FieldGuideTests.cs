using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace Methane.Firmware.Core.Tests.DeviceSources;

/// <summary>
/// The field README against the device code it describes: the troubleshooting table names exactly the states the code
/// reports (Boot/StatusCodes.cs) with the blink count the code uses, every board file's target is in the board table, and
/// the Release-build diagnostics do not depend on Debug.WriteLine. The device projects do not build on Linux, so these
/// read their sources.
/// </summary>
public sealed partial class FieldGuideTests
{
    private static readonly string Root = typeof(FieldGuideTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;
    private static readonly string Device = Path.Combine(Root, "src", "Methane.Firmware.Device");

    [GeneratedRegex("""public const int (\w+) = (-?\d+);""")]
    private static partial Regex ConstInt();

    [GeneratedRegex("""case (\w+): return "([a-z-]+)";""")]
    private static partial Regex NameCase();

    [GeneratedRegex("""`STATUS ([a-z-]+)""")]
    private static partial Regex StatusInTable();

    /// <summary>StatusCodes: state name -> code, read from the source.</summary>
    private static Dictionary<string, int> CodeStates()
    {
        string src = File.ReadAllText(Path.Combine(Device, "Boot", "StatusCodes.cs"));
        var values = ConstInt().Matches(src).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        return NameCase().Matches(src).ToDictionary(m => m.Groups[2].Value, m => values[m.Groups[1].Value]);
    }

    private static string[] TroubleshootingRows()
    {
        string readme = File.ReadAllText(Path.Combine(Device, "README.md"));
        int start = readme.IndexOf("## When something fails", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has a 'When something fails' section");
        return readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToArray();
    }

    [Fact]
    public void Troubleshooting_table_names_exactly_the_states_the_code_reports()
    {
        var states = CodeStates();
        Assert.Equal(9, states.Count);
        var documented = TroubleshootingRows().SelectMany(r => StatusInTable().Matches(r).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Equal(states.Keys.Order(), documented.Order());
    }

    [Fact]
    public void Troubleshooting_table_gives_each_state_its_blink_count()
    {
        var states = CodeStates();
        foreach (string row in TroubleshootingRows())
        {
            var first = StatusInTable().Match(row.Split('|')[1]);
            if (!first.Success) { continue; }
            string led = row.Split('|')[2].Trim();
            int code = states[first.Groups[1].Value];
            string expected = code switch
            {
                -1 => "steady on",
                0 => "1 flash / 3 s",
                1 => "1 blink",
                7 => "— (shown at boot)",   // rolled-back is reported by the loader once; the application's state follows
                _ => $"{code} blinks",
            };
            if (row.Contains("alternating", StringComparison.Ordinal)) { continue; }
            Assert.True(led == expected, $"row '{row}': LED '{led}', expected '{expected}' (code {code})");
        }
    }

    [Fact]
    public void Every_board_files_target_and_name_are_in_the_readme()
    {
        string readme = File.ReadAllText(Path.Combine(Device, "README.md"));
        foreach (string board in Directory.GetFiles(Path.Combine(Root, "boards"), "*.json").Where(p => !p.EndsWith("board.schema.json")))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(board));
            string name = doc.RootElement.GetProperty("name").GetString()!;
            string target = doc.RootElement.GetProperty("firmware").GetProperty("nanoffTarget").GetString()!;
            Assert.Contains($"| `{name}` |", readme);
            Assert.Contains($"`{target}`", readme);
        }
        Assert.DoesNotContain("--address 0x", readme.Replace("never add `--address`", ""));
        Assert.DoesNotContain("ESP32_PSRAM_REV0", readme);   // a classic-ESP32 image, not for these boards
    }

    [Fact]
    public void Loader_reports_through_the_console_not_debug_output_only()
    {
        string loader = File.ReadAllText(Path.Combine(Device, "Loader", "Program.cs"));
        Assert.DoesNotContain("Debug.WriteLine", loader);
        foreach (string state in new[] { "StatusCodes.NoApplication", "StatusCodes.BadImage", "StatusCodes.RolledBack" })
        {
            Assert.Contains(state, loader);
        }
    }

    [GeneratedRegex("""static\s+(readonly\s+)?[\w.\[\]]+\s+\w+\s*=""")]
    private static partial Regex StaticInitializer();

    [Fact]
    public void App_entry_type_has_no_static_constructor()
    {
        string entry = File.ReadAllText(Path.Combine(Device, "App", "AppEntry.cs"));
        var initializers = entry.Split('\n').Where(l => StaticInitializer().IsMatch(l) && !l.Contains(" const ")).ToArray();
        Assert.True(initializers.Length == 0, "static field initializers (they compile into a static constructor): " + string.Join(" | ", initializers));
        Assert.DoesNotContain("static AppEntry(", entry);
    }
}
