using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Telemetry;

namespace Methane.Emissions.Jobs;

/// <summary>
/// How a stored reading becomes an observation, the same rule whichever store it came from. A site's sensor gives methane:
/// a reading that carries the ambient group (telemetry v2 gas role: <c>ch4_enh_flags</c> present) counts with its enhancement
/// <c>ch4_enh_ppm</c> only, and without one it is faulty — falling back to <c>ch4_ppm</c> would put the ~150 ppm high-range
/// value into a series of few-ppm enhancements; a v1 reading counts with <c>ch4_ppm</c> (the inversion removes its own
/// background). A reading with an invalid-measurement flag or no value is marked faulty. The site's met station
/// gives the wind (vector-mean speed, direction FROM, σθ) when all three are present and no invalid-measurement flag is set.
/// Readings of other things are not the site's and are left out.
/// </summary>
public static class StoredReadings
{
    /// <summary>The stored fields the job reads, besides the thing and the time.</summary>
    public static readonly string[] Fields =
    [
        TelemetryFields.Ch4Ppm, TelemetryFields.Ch4EnhPpm, TelemetryFields.Flags,
        TelemetryFields.WindSpeedMs, TelemetryFields.WindDirDeg, TelemetryFields.WindSigmaDeg, TelemetryFields.Ch4EnhFlags,
    ];

    public static void Add(ObservationSeries obs, StoredReadingRow row)
    {
        DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(row.EventMs);
        bool invalid = (row.Flags & TelemetryFlags.InvalidMask) != 0;
        if (row.Thing == obs.Site.MetStation.Thing)
        {
            if (!invalid && row.WindSpeedMs is double u && row.WindDirDeg is double d && row.WindSigmaDeg is double s) obs.AddMet(time, u, d, s);
            return;
        }
        if (obs.Site.SensorIndex(row.Thing) < 0) return;
        double? ppm = row.Ch4EnhFlags != null ? row.Ch4EnhPpm : row.Ch4EnhPpm ?? row.Ch4Ppm;
        bool faulty = ppm == null || invalid;
        obs.AddReading(row.Thing, time, faulty ? double.NaN : ppm!.Value, faulty);
    }

    /// <summary>The things of a site whose readings the job reads: its sensors and its met station.</summary>
    public static IReadOnlyList<string> Things(SiteGeometry site) => site.Sensors.Select(s => s.Thing).Append(site.MetStation.Thing).ToList();
}
