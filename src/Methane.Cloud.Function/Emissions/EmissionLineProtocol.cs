using System.Globalization;
using System.Text;
using Methane.Emissions.Inversion;

namespace Methane.Cloud.Function.Emissions;

/// <summary>
/// The estimates as InfluxDB line protocol, one point per site, source, kind and window start (a re-run overwrites it):
/// measurement <c>methane_emission</c>; tags <c>kind</c> (<c>window</c> = 15 minutes, <c>block</c> = 12 hours), <c>site</c>,
/// <c>source</c>; fields <c>rate_kg_h</c>, <c>lower_kg_h</c>, <c>upper_kg_h</c> (the 90 % interval; only on a valid
/// estimate), <c>detected</c>, <c>reason</c> (only when there is no valid estimate), <c>window_end_ms</c>; time = the
/// window's start in milliseconds (write with <c>precision=ms</c>).
/// </summary>
public static class EmissionLineProtocol
{
    public const string Measurement = "methane_emission";
    public const string WindowKind = "window";
    public const string BlockKind = "block";

    public static string Line(EmissionEstimate e, string kind)
    {
        if (kind != WindowKind && kind != BlockKind) throw new ArgumentException($"kind = \"{kind}\": expected \"{WindowKind}\" or \"{BlockKind}\"", nameof(kind));
        if (e.Valid != (e.RateKgPerHour != null))
            throw new ArgumentException($"estimate {e.SiteId}/{e.Source} at {e.WindowStart:O}: a valid estimate has a rate and no reason, an invalid one a reason and no rate");
        var line = new StringBuilder(Measurement);
        line.Append(",kind=").Append(Tag(kind)).Append(",site=").Append(Tag(e.SiteId)).Append(",source=").Append(Tag(e.Source)).Append(' ');
        line.Append("detected=").Append(e.Detected ? 't' : 'f');
        if (e.Valid)
        {
            line.Append(",lower_kg_h=").Append(Float(e.LowerKgPerHour!.Value));
            line.Append(",rate_kg_h=").Append(Float(e.RateKgPerHour!.Value));
            line.Append(",upper_kg_h=").Append(Float(e.UpperKgPerHour!.Value));
        }
        else line.Append(",reason=\"").Append(e.Reason!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        line.Append(",window_end_ms=").Append(e.WindowEnd.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('i');
        line.Append(' ').Append(e.WindowStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return line.ToString();
    }

    /// <summary>Tag values escape comma, equals sign and space.</summary>
    private static string Tag(string value) => value.Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal).Replace(" ", "\\ ", StringComparison.Ordinal);

    private static string Float(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : throw new ArgumentException($"rate = {v}: expected a finite number");
}
