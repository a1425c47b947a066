using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Telemetry;

namespace Methane.Emissions.Jobs;

/// <summary>
/// How stored readings become observations, the same rule whichever store they came from.
/// <list type="bullet">
/// <item>A telemetry v2 gas reading (<c>role</c> = gas) counts with its ambient-range value <c>ch4_amb_ppm</c>, absolute ppm
/// near the ~2 ppm background, and is faulty without one: never its <c>ch4_ppm</c>, the safety-path curve that reads ~150 ppm
/// in clean air, and not its enhancement, which is NULL while the device's background is still learning and steps when the
/// background moves (the inversion estimates a background per window itself).</item>
/// <item>A v1 reading counts with <c>ch4_enh_ppm</c> when it has one, else <c>ch4_ppm</c>.</item>
/// <item>A reading with an invalid-measurement flag or no value is faulty.</item>
/// <item>The site's met station gives the wind (vector-mean speed, direction FROM, σθ) when all three are present, or a
/// calm minute when the report is flagged calm (speed, but no direction below the cups' start speed); never with an
/// invalid-measurement flag. A report is stamped when its interval ends and describes the interval since the previous
/// report, so it is placed on that interval's middle.</item>
/// </list>
/// Readings of other things are not the site's and are left out.
/// </summary>
public static class StoredReadings
{
    /// <summary>The stored fields the job reads, besides the thing and the time.</summary>
    public static readonly string[] Fields =
    [
        TelemetryFields.Ch4Ppm, TelemetryFields.Ch4EnhPpm, TelemetryFields.Flags,
        TelemetryFields.WindSpeedMs, TelemetryFields.WindDirDeg, TelemetryFields.WindSigmaDeg,
        TelemetryFields.Role, TelemetryFields.Ch4AmbPpm, TelemetryFields.WindFlags,
    ];

    /// <summary>The met station's report interval when the readings do not show it (the default publish interval).</summary>
    public const long DefaultMetIntervalMs = 60_000;

    private const int CalmWindFlag = 1; // Methane.Firmware.Core.Wind.WindFlags.Calm

    /// <summary>Adds a site's readings, in any order, to <paramref name="obs"/>.</summary>
    public static void AddAll(ObservationSeries obs, IEnumerable<StoredReadingRow> rows)
    {
        long previousMet = long.MinValue;
        foreach (StoredReadingRow row in rows.OrderBy(r => r.EventMs))
        {
            if (row.Thing == obs.Site.MetStation.Thing)
            {
                if (AddMet(obs, row, previousMet)) previousMet = row.EventMs;
            }
            else if (obs.Site.SensorIndex(row.Thing) >= 0)
            {
                AddSensor(obs, row);
            }
        }
    }

    private static void AddSensor(ObservationSeries obs, StoredReadingRow row)
    {
        bool invalid = (row.Flags & TelemetryFlags.InvalidMask) != 0;
        double? ppm = row.Role == "gas" ? row.Ch4AmbPpm : row.Ch4EnhPpm ?? row.Ch4Ppm;
        bool faulty = ppm == null || invalid;
        obs.AddReading(row.Thing, DateTimeOffset.FromUnixTimeMilliseconds(row.EventMs), faulty ? double.NaN : ppm!.Value, faulty);
    }

    private static bool AddMet(ObservationSeries obs, StoredReadingRow row, long previousMs)
    {
        if ((row.Flags & TelemetryFlags.InvalidMask) != 0 || row.WindSpeedMs is not double speed) return false;
        bool calm = ((row.WindFlags ?? 0) & CalmWindFlag) != 0;
        bool full = row.WindDirDeg != null && row.WindSigmaDeg != null;
        if (!full && !calm) return false;
        long gap = row.EventMs - previousMs;
        long interval = previousMs == long.MinValue || gap <= 0 || gap > 2 * DefaultMetIntervalMs ? DefaultMetIntervalMs : gap;
        obs.AddMet(DateTimeOffset.FromUnixTimeMilliseconds(row.EventMs - interval / 2), speed,
            row.WindDirDeg ?? double.NaN, row.WindSigmaDeg ?? double.NaN);
        return true;
    }

    /// <summary>The things of a site whose readings the job reads: its sensors and its met station.</summary>
    public static IReadOnlyList<string> Things(SiteGeometry site) => site.Sensors.Select(s => s.Thing).Append(site.MetStation.Thing).ToList();
}
