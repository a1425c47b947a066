using System.Globalization;

namespace Methane.Dashboard.Pages;

/// <summary>How pages print values: invariant numbers, UTC times, a dash for none.</summary>
public static class Format
{
    public static string Ppm(double? v) => v?.ToString("F1", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>Ambient ppm to 0.01: near the ~2 ppm background a leak is tenths of a ppm.</summary>
    public static string AmbientPpm(double? v) => v?.ToString("F2", CultureInfo.InvariantCulture) ?? "–";

    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A UTC window: "2026-12-02 10:00–10:15 UTC", the end's date too when it differs.</summary>
    public static string Span(long fromMs, long toMs)
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(fromMs);
        var to = DateTimeOffset.FromUnixTimeMilliseconds(toMs);
        string end = to.UtcDateTime.Date == from.UtcDateTime.Date
            ? to.ToString("HH:mm", CultureInfo.InvariantCulture) : to.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return from.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "–" + end + " UTC";
    }
}
