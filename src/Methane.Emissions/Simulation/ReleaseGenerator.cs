using Methane.Emissions.Geometry;

namespace Methane.Emissions.Simulation;

/// <summary>
/// METEC-style controlled-release schedule: rates log-uniform over [min, max] kg/h, durations uniform 1–8 h, at the
/// site's equipment groups, with gaps between experiments, and sometimes (probability <see cref="ConcurrentShare"/>) a
/// second release at another group that starts during the first.
/// </summary>
public sealed class ReleaseGenerator
{
    public double MinRateKgPerHour { get; init; } = 0.1;
    public double MaxRateKgPerHour { get; init; } = 10;
    public double MinDurationHours { get; init; } = 1;
    public double MaxDurationHours { get; init; } = 8;
    public double MinGapHours { get; init; } = 0.5;
    public double MaxGapHours { get; init; } = 3;
    public double ConcurrentShare { get; init; } = 0.2;

    public IReadOnlyList<Release> Generate(SiteGeometry site, int count, DateTimeOffset start, Random rng)
    {
        var releases = new List<Release>(count);
        DateTimeOffset t = start.AddHours(Uniform(rng, MinGapHours, MaxGapHours));
        while (releases.Count < count)
        {
            Release first = Next(site, releases.Count, t, rng, -1);
            releases.Add(first);
            DateTimeOffset end = first.End;
            if (releases.Count < count && rng.NextDouble() < ConcurrentShare)
            {
                DateTimeOffset s2 = first.Start.AddHours(rng.NextDouble() * (first.End - first.Start).TotalHours * 0.7);
                Release second = Next(site, releases.Count, s2, rng, first.SourceIndex);
                releases.Add(second);
                if (second.End > end) end = second.End;
            }
            t = end.AddHours(Uniform(rng, MinGapHours, MaxGapHours));
        }
        return releases;
    }

    private Release Next(SiteGeometry site, int id, DateTimeOffset start, Random rng, int avoid)
    {
        int src;
        do { src = rng.Next(site.Sources.Count); } while (src == avoid);
        double rate = Math.Exp(Uniform(rng, Math.Log(MinRateKgPerHour), Math.Log(MaxRateKgPerHour)));
        double hours = Uniform(rng, MinDurationHours, MaxDurationHours);
        // Releases start and stop on whole minutes, as a METEC controller would log them.
        DateTimeOffset s = Floor(start);
        return new Release(id, src, site.Sources[src].Name, rate, s, Floor(s.AddHours(hours)));
    }

    private static DateTimeOffset Floor(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, t.Offset);
    private static double Uniform(Random rng, double a, double b) => a + (b - a) * rng.NextDouble();
}
