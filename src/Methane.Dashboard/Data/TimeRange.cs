using System.Globalization;

namespace Methane.Dashboard.Data;

/// <summary>An inclusive range of event times in Unix milliseconds.</summary>
public readonly record struct TimeRange(long FromMs, long ToMs)
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(31);

    public static readonly IReadOnlyDictionary<string, TimeSpan> Presets = new Dictionary<string, TimeSpan>
    {
        ["5m"] = TimeSpan.FromMinutes(5), ["1h"] = TimeSpan.FromHours(1), ["6h"] = TimeSpan.FromHours(6), ["24h"] = TimeSpan.FromHours(24),
    };

    /// <summary>
    /// <c>range=5m|1h|6h|24h</c> (ending at <paramref name="end"/>), or <c>from</c> and <c>to</c> as ISO 8601 times with an
    /// offset or as Unix milliseconds. Error: a message naming the parameter, its value and what was expected.
    /// </summary>
    public static bool TryParse(string? range, string? from, string? to, long end, out TimeRange result, out string error)
    {
        result = default;
        error = "";
        if (from is null && to is null)
        {
            range ??= "1h";
            if (!Presets.TryGetValue(range, out TimeSpan span))
            {
                error = $"range '{range}': expected one of {string.Join(", ", Presets.Keys)}, or from and to";
                return false;
            }
            result = new TimeRange(end - (long)span.TotalMilliseconds, end);
            return true;
        }
        if (range is not null)
        {
            error = $"range '{range}' with from/to: give either range or from and to";
            return false;
        }
        if (from is null || to is null)
        {
            error = from is null ? "from: missing; expected it with to" : "to: missing; expected it with from";
            return false;
        }
        if (!TryTime(from, out long f)) { error = $"from '{Shorten(from)}': expected an ISO 8601 time with offset (2026-01-31T12:00:00Z) or Unix milliseconds"; return false; }
        if (!TryTime(to, out long t)) { error = $"to '{Shorten(to)}': expected an ISO 8601 time with offset (2026-01-31T12:00:00Z) or Unix milliseconds"; return false; }
        if (t <= f) { error = $"to '{Shorten(to)}': expected a time after from '{Shorten(from)}'"; return false; }
        if (t - f > Longest.TotalMilliseconds)
        {
            error = $"from '{Shorten(from)}' to '{Shorten(to)}': {TimeSpan.FromMilliseconds(t - f).TotalDays:F1} days; expected at most {Longest.TotalDays:F0} days";
            return false;
        }
        result = new TimeRange(f, t);
        return true;
    }

    private static bool TryTime(string text, out long ms)
    {
        // Unix ms between 2000 and 2200: anything else is more likely a mistake than a time.
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms)) return ms is >= 946684800000 and <= 7258118400000;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset t) && HasOffset(text))
        {
            ms = t.ToUnixTimeMilliseconds();
            return true;
        }
        return false;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';

    /// <summary>Echoes at most 40 characters of what was sent, so an error message never grows with the input.</summary>
    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
