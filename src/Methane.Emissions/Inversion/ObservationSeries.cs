using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// What the devices of one site published, on a 1-minute grid: each sensor's methane (ppm, NaN = no reading) and fault
/// flag, and the met station's minute means (speed m/s, vector-mean direction the wind blows FROM, σθ; NaN = no data).
/// Sensor rows follow the order of <see cref="SiteGeometry.Sensors"/>.
/// </summary>
public sealed class ObservationSeries
{
    public ObservationSeries(SiteGeometry site, DateTimeOffset start, int minutes)
    {
        if (minutes <= 0) throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "expected > 0 minutes");
        Site = site;
        Start = start;
        Minutes = minutes;
        Ppm = new double[site.Sensors.Count][];
        Faulty = new bool[site.Sensors.Count][];
        _count = new int[site.Sensors.Count][];
        for (int s = 0; s < site.Sensors.Count; s++)
        {
            Ppm[s] = new double[minutes];
            Array.Fill(Ppm[s], double.NaN);
            Faulty[s] = new bool[minutes];
            _count[s] = new int[minutes];
        }
        WindSpeedMs = Filled(minutes);
        WindFromDeg = Filled(minutes);
        SigmaThetaDeg = Filled(minutes);
    }

    public SiteGeometry Site { get; }
    public DateTimeOffset Start { get; }
    public int Minutes { get; }
    public double[][] Ppm { get; }
    public bool[][] Faulty { get; }
    public double[] WindSpeedMs { get; }
    public double[] WindFromDeg { get; }
    public double[] SigmaThetaDeg { get; }

    /// <summary>Readings from things that are not sensors of this site (ignored, reported).</summary>
    public List<string> Warnings { get; } = [];

    public DateTimeOffset TimeOf(int minute) => Start.AddMinutes(minute);

    public int MinuteOf(DateTimeOffset t) => (int)Math.Floor((t - Start).TotalMinutes);

    private readonly int[][] _count;

    /// <summary>Adds one published reading (time floored to its minute); a minute's value is the mean of its valid readings.</summary>
    public void AddReading(string thing, DateTimeOffset time, double ppm, bool faulty)
    {
        int s = Site.SensorIndex(thing);
        if (s < 0) { Warnings.Add($"reading from \"{thing}\" ignored: not a sensor of site {Site.SiteId}"); return; }
        int m = MinuteOf(time);
        if (m < 0 || m >= Minutes) return;
        if (!double.IsNaN(ppm))
        {
            // Running mean: a sensor sampling every 5 s gives 12 readings a minute, each with the same weight.
            int n = ++_count[s][m];
            Ppm[s][m] = n == 1 ? ppm : Ppm[s][m] + (ppm - Ppm[s][m]) / n;
        }
        Faulty[s][m] |= faulty;
    }

    public void AddMet(DateTimeOffset time, double speedMs, double fromDeg, double sigmaThetaDeg)
    {
        int m = MinuteOf(time);
        if (m < 0 || m >= Minutes) return;
        WindSpeedMs[m] = speedMs;
        WindFromDeg[m] = fromDeg;
        SigmaThetaDeg[m] = sigmaThetaDeg;
    }

    private static double[] Filled(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
