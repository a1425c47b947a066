using System.Globalization;

namespace Methane.Dashboard.Pages;

/// <summary>How pages print values: invariant numbers, UTC times, a dash for none.</summary>
public static class Format
{
    public static string Ppm(double? v) => v?.ToString("F1", CultureInfo.InvariantCulture) ?? "–";

    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
