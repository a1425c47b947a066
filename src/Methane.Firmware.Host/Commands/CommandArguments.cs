namespace Methane.Firmware.Host.Commands;

/// <summary>
/// Minimal argument reader: positional words plus <c>--name value</c> options and <c>--flag</c> switches. Anything it does not
/// know is reported by the command with a one-line message, never a stack trace.
/// </summary>
public sealed class CommandArguments
{
    private readonly List<string> _positional = new();
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments()
    {
    }

    public IReadOnlyList<string> Positional => _positional;

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> options take a value, <paramref name="switches"/> do not.</summary>
    public static bool TryParse(string[] args, string[] valued, string[] switches, out CommandArguments parsed, out string error)
    {
        parsed = new CommandArguments();
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                parsed._positional.Add(a);
                continue;
            }
            if (Array.IndexOf(switches, a) >= 0)
            {
                parsed._flags.Add(a);
                continue;
            }
            if (Array.IndexOf(valued, a) < 0)
            {
                error = $"unknown option '{a}'";
                return false;
            }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"option '{a}' needs a value";
                return false;
            }
            parsed._options[a] = args[++i];
        }
        return true;
    }

    public string? Option(string name) => _options.TryGetValue(name, out string? v) ? v : null;

    public bool Flag(string name) => _flags.Contains(name);
}
