using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// Per-window inversion for one site: background per sensor, Gaussian-plume coupling of every candidate source to every
/// sensor reading, NNLS for the rates, bootstrap over time steps for the noise part of the interval widened by a log-normal
/// transport-model error (<see cref="ModelErrorInterval"/>), and a detection decision. A window
/// that cannot give a valid estimate carries the reason (calm, no met data, too few sensors, sensor outside the site).
/// </summary>
public sealed class SiteInverter
{
    private readonly SiteGeometry _site;
    private readonly InversionOptions _options;
    private readonly double _backgroundZ;

    public SiteInverter(SiteGeometry site, InversionOptions? options = null)
    {
        _site = site;
        _options = options ?? new InversionOptions();
        _backgroundZ = -Normal.InvCDF(0, 1, _options.BackgroundPercentile / 100.0);
    }

    public LateralSpread LateralSpread { get; init; } = LateralSpread.MeasuredSigmaTheta;

    public IReadOnlyList<WindowResult> InvertAll(ObservationSeries obs)
    {
        var results = new List<WindowResult>();
        for (int m = 0; m + _options.WindowMinutes <= obs.Minutes; m += _options.WindowMinutes)
            results.Add(InvertWindow(obs, m, new Random(unchecked(_options.Seed * 1_000_003 + m))));
        return results;
    }

    public WindowResult InvertWindow(ObservationSeries obs, int startMinute, Random rng)
    {
        int w = _options.WindowMinutes;
        DateTimeOffset start = obs.TimeOf(startMinute), end = obs.TimeOf(startMinute + w);
        WindowResult Invalid(string reason, double meanSpeed = double.NaN) => new() { Start = start, End = end, Reason = reason, MeanWindSpeedMs = meanSpeed };

        foreach (SensorPlacement s in _site.Sensors)
            if (!_site.Boundary.Contains(s.Position))
                return Invalid($"sensor {s.Thing} at ({F(s.Position.East)}, {F(s.Position.North)}) m is outside the site boundary");

        int minCount = (int)Math.Ceiling(_options.MinCoverage * w);
        var metMinutes = new List<int>(w);
        double speedSum = 0;
        for (int m = startMinute; m < startMinute + w; m++)
        {
            // A calm report has a speed but no direction (a met station drops it below its start speed): still met data.
            bool calmReport = obs.WindSpeedMs[m] < _options.CalmThresholdMs;
            if (double.IsNaN(obs.WindSpeedMs[m]) || (!calmReport && (double.IsNaN(obs.WindFromDeg[m]) || double.IsNaN(obs.SigmaThetaDeg[m])))) continue;
            metMinutes.Add(m);
            speedSum += obs.WindSpeedMs[m];
        }
        if (metMinutes.Count < minCount) return Invalid($"no met data: {metMinutes.Count} of {w} minutes have wind from {_site.MetStation.Thing}, need {minCount}");
        double meanSpeed = speedSum / metMinutes.Count;
        var windy = metMinutes.FindAll(m => obs.WindSpeedMs[m] >= _options.CalmThresholdMs);
        if (meanSpeed < _options.CalmThresholdMs || windy.Count < minCount)
            return Invalid($"calm wind: mean {F(meanSpeed)} m/s, {windy.Count} of {w} minutes at or above {F(_options.CalmThresholdMs)} m/s", meanSpeed);

        var usable = new List<int>();
        var faulty = new List<string>();
        var noData = new List<string>();
        for (int s = 0; s < _site.Sensors.Count; s++)
        {
            bool isFaulty = false;
            int readings = 0;
            for (int m = startMinute; m < startMinute + w; m++)
            {
                isFaulty |= obs.Faulty[s][m];
                if (!double.IsNaN(obs.Ppm[s][m])) readings++;
            }
            if (isFaulty) faulty.Add(_site.Sensors[s].Thing);
            else if (readings < minCount) noData.Add(_site.Sensors[s].Thing);
            else usable.Add(s);
        }
        if (usable.Count < _options.MinSensors)
            return Invalid($"too few sensors with data: {usable.Count} of {_site.Sensors.Count} usable, need {_options.MinSensors}"
                + (faulty.Count > 0 ? "; flagged faulty: " + string.Join(", ", faulty) : "")
                + (noData.Count > 0 ? "; no data: " + string.Join(", ", noData) : ""), meanSpeed);

        StabilityClass stability = WindowStability(obs, windy, meanSpeed, start.AddMinutes(w / 2.0));
        int n = _site.Sources.Count;
        var background = new double[_site.Sensors.Count];
        var noise = new List<double>(usable.Count);
        var lowPercentile = new List<int>();
        foreach (int s in usable)
        {
            background[s] = Background(obs, s, startMinute + w / 2, out double sigma, out bool fromPlumeFree);
            if (!fromPlumeFree) lowPercentile.Add(s);
            noise.Add(sigma);
        }
        noise.Sort();
        double noiseSigma = noise[noise.Count / 2];
        // The low percentile is corrected by the noise σ of the site's sensors (one type), not the sensor's own: a sensor
        // that is never plume-free has first differences full of the plume's comings and goings, and its own σ would lift
        // its background into the plume (seen in the demo's 20-minute run, where the downwind sensor has no plume-free minute).
        foreach (int s in lowPercentile) background[s] += _backgroundZ * noiseSigma;

        // Per time step t: G_t = A_tᵀA_t and h_t = A_tᵀb_t; the bootstrap re-weights whole time steps.
        LinearSystem window = Build(obs, windy, usable, background, stability, startMinute);
        var gram = window.Gram;
        var rhs = window.Rhs;
        int rows = window.Rows;

        // Which sources: chosen on a context around the window (the meander of a longer period separates groups that
        // lie on one line to a sensor for 15 minutes), then the window's own data gives their rates.
        bool[] candidates = Observable(gram, n, noiseSigma);
        if (_options.SelectionContextMinutes > 0)
        {
            int from = Math.Max(0, startMinute - _options.SelectionContextMinutes), to = Math.Min(obs.Minutes, startMinute + w + _options.SelectionContextMinutes);
            var contextMinutes = new List<int>(to - from);
            for (int m = from; m < to; m++)
            {
                double u = obs.WindSpeedMs[m];
                if (!double.IsNaN(u) && u >= _options.CalmThresholdMs && !double.IsNaN(obs.WindFromDeg[m]) && !double.IsNaN(obs.SigmaThetaDeg[m])) contextMinutes.Add(m);
            }
            LinearSystem context = Build(obs, contextMinutes, usable, background, stability, from);
            candidates = SelectSources([Sum(context.Gram, n * n)], [Sum(context.Rhs, n)], context.YY, n, context.Rows, candidates);
        }
        // The window's own data must still pay for each source it keeps (BIC), so a group that emitted only in the
        // context is not given this window's noise.
        bool[] support = SelectSources([Sum(gram, n * n)], [Sum(rhs, n)], window.YY, n, rows, candidates);
        double[] rate = SolveWeighted(gram, rhs, null, n, support);
        int b = _options.BootstrapSamples;
        var boot = new double[b][];
        var counts = new int[gram.Count];
        for (int r = 0; r < b; r++)
        {
            Array.Clear(counts);
            // Moving-block bootstrap: runs of L consecutive time steps keep the residuals' autocorrelation (L = 1: minutes).
            int len = Math.Clamp(_options.BootstrapBlockMinutes, 1, gram.Count);
            for (int k = 0; k < gram.Count; k += len)
            {
                int first = rng.Next(gram.Count - len + 1);
                for (int i = 0; i < len && k + i < gram.Count; i++) counts[first + i]++;
            }
            boot[r] = SolveWeighted(gram, rhs, counts, n, support);
        }
        var lower = new double[n];
        var upper = new double[n];
        var detected = new bool[n];
        var column = new double[b];
        for (int j = 0; j < n; j++)
        {
            for (int r = 0; r < b; r++) column[r] = boot[r][j];
            // Detection asks whether the signal stands above the noise: the noise-only (bootstrap) lower end. The
            // reported interval adds the transport model's error, which scales a rate but does not make one out of nothing.
            double noiseLower = Percentiles.OfInPlace(column, b, _options.IntervalLowerPercentile);
            detected[j] = noiseLower > _options.DetectionFloorKgPerHour && rate[j] > _options.DetectionFloorKgPerHour;
            (lower[j], upper[j]) = ModelErrorInterval.Of(column, b, _options.ModelErrorLogSigma, _options.IntervalLowerPercentile, _options.IntervalUpperPercentile);
        }
        return new WindowResult
        {
            Start = start, End = end, Rate = rate, Lower = lower, Upper = upper, Detected = detected, Bootstrap = boot,
            MeanWindSpeedMs = meanSpeed, Stability = stability, Observations = rows,
        };
    }

    /// <summary>Selection solves the unweighted problem many times: one summed Gram matrix instead of one per time step.</summary>
    private static double[] Sum(List<double[]> parts, int length)
    {
        var total = new double[length];
        foreach (double[] p in parts)
            for (int i = 0; i < total.Length; i++) total[i] += p[i];
        return total;
    }

    private sealed record LinearSystem(List<double[]> Gram, List<double[]> Rhs, double YY, int Rows);

    private LinearSystem Build(ObservationSeries obs, List<int> minutes, List<int> usable, double[] background, StabilityClass stability, int from)
    {
        int n = _site.Sources.Count;
        var gram = new List<double[]>(minutes.Count);
        var rhs = new List<double[]>(minutes.Count);
        double yy = 0;
        var a = new double[n];
        int rows = 0;
        DelayedCoupling? delayed = _options.TimeResolved && LateralSpread == LateralSpread.MeasuredSigmaTheta
            ? new DelayedCoupling(obs, from, _ => stability, _options.CalmThresholdMs, _options.SensorResponseSeconds)
            : null;
        foreach (int m in minutes)
        {
            var g = new double[n * n];
            var h = new double[n];
            bool any = false;
            foreach (int s in usable)
            {
                double y = obs.Ppm[s][m];
                if (double.IsNaN(y) || obs.Faulty[s][m]) continue;
                y -= background[s];
                yy += y * y;
                if (delayed != null) delayed.Fill(m, s, a);
                else
                    for (int j = 0; j < n; j++)
                    {
                        a[j] = LateralSpread == LateralSpread.MeasuredSigmaTheta
                            ? PlumeForwardModel.PpmPerKgPerHour(_site.Sources[j], _site.Sensors[s], obs.WindSpeedMs[m], obs.WindFromDeg[m], stability, obs.SigmaThetaDeg[m])
                            : PlumeForwardModel.PpmPerKgPerHour(_site.Sources[j], _site.Sensors[s], obs.WindSpeedMs[m], obs.WindFromDeg[m], stability);
                    }
                for (int i = 0; i < n; i++)
                {
                    if (a[i] == 0) continue;
                    h[i] += a[i] * y;
                    for (int j = 0; j < n; j++) g[i * n + j] += a[i] * a[j];
                }
                any = true;
                rows++;
            }
            if (!any) continue;
            gram.Add(g);
            rhs.Add(h);
        }
        return new LinearSystem(gram, rhs, yy, rows);
    }

    /// <summary>
    /// Sparsity: most of the time one or two equipment groups leak. Sources are added greedily (each step the one whose
    /// NNLS fit lowers the residual most) while the gain passes a BIC test (<see cref="InversionOptions.SelectionPenalty"/>),
    /// up to <see cref="InversionOptions.MaxSources"/>.
    /// </summary>
    private bool[] SelectSources(List<double[]> gram, List<double[]> rhs, double yy, int n, int rows, bool[] observable)
    {
        var support = new bool[n];
        if (_options.MaxSources >= n) { Array.Copy(observable, support, n); return support; }
        double rss = yy;
        for (int k = 0; k < _options.MaxSources; k++)
        {
            int best = -1;
            double bestRss = rss;
            for (int j = 0; j < n; j++)
            {
                if (support[j] || !observable[j]) continue;
                support[j] = true;
                double[] x = SolveWeighted(gram, rhs, null, n, support);
                support[j] = false;
                if (x[j] <= 0) continue;
                double r = Residual(gram, rhs, yy, x, n);
                if (r < bestRss) { bestRss = r; best = j; }
            }
            // Bayesian information criterion with unknown noise variance: N·ln(RSS_old/RSS_new) must exceed penalty·ln N.
            if (best < 0) break;
            bool exact = bestRss <= 1e-12 * yy;
            if (!exact && rows * Math.Log(rss / bestRss) < _options.SelectionPenalty * Math.Log(rows)) break;
            support[best] = true;
            rss = bestRss;
            if (exact) break;
        }
        return support;
    }

    /// <summary>
    /// A source is observable in the window when the sensors' coupling to it is strong enough that the noise alone would
    /// leave its single-source rate uncertain by at most <see cref="InversionOptions.MaxRateStandardErrorKgPerHour"/>
    /// (σ/‖a_j‖). Without this, a source at the very edge of a narrow night-time plume can take any reading's noise with
    /// a rate of thousands of kg/h.
    /// </summary>
    private bool[] Observable(List<double[]> gram, int n, double noiseSigma)
    {
        var observable = new bool[n];
        double sigma = Math.Max(noiseSigma, 1e-6);
        for (int j = 0; j < n; j++)
        {
            double norm2 = 0;
            foreach (double[] g in gram) norm2 += g[j * n + j];
            observable[j] = norm2 > 0 && sigma / Math.Sqrt(norm2) <= _options.MaxRateStandardErrorKgPerHour;
        }
        return observable;
    }

    private static double Residual(List<double[]> gram, List<double[]> rhs, double yy, double[] x, int n)
    {
        double r = yy;
        for (int k = 0; k < gram.Count; k++)
        {
            double[] g = gram[k], h = rhs[k];
            for (int i = 0; i < n; i++)
            {
                if (x[i] == 0) continue;
                r -= 2 * x[i] * h[i];
                for (int j = 0; j < n; j++) r += x[i] * g[i * n + j] * x[j];
            }
        }
        return r;
    }

    private static double[] SolveWeighted(List<double[]> gram, List<double[]> rhs, int[]? counts, int n, bool[] support)
    {
        Matrix<double> g = Matrix<double>.Build.Dense(n, n);
        Vector<double> h = Vector<double>.Build.Dense(n);
        for (int k = 0; k < gram.Count; k++)
        {
            int c = counts == null ? 1 : counts[k];
            if (c == 0) continue;
            double[] gk = gram[k], hk = rhs[k];
            for (int i = 0; i < n; i++)
            {
                if (!support[i]) continue;
                h[i] += c * hk[i];
                for (int j = 0; j < n; j++) if (support[j]) g[i, j] += c * gk[i * n + j];
            }
        }
        // A source no sensor saw in this window has an all-zero row: NNLS leaves it at 0.
        return Nnls.SolveNormal(g, h);
    }

    /// <summary>
    /// Background of one sensor over a context around the window: the median of the readings the forward model says no
    /// source can reach (sensor upwind of everything); with too few of those (<paramref name="fromPlumeFree"/> false), a
    /// low percentile of all readings, which the caller corrects by the sensors' noise σ so that pure noise has zero mean
    /// enhancement. <paramref name="noiseSigma"/>: this sensor's noise σ (robust, from first differences).
    /// </summary>
    private double Background(ObservationSeries obs, int s, int centre, out double noiseSigma, out bool fromPlumeFree)
    {
        int half = _options.BackgroundContextMinutes / 2;
        int from = Math.Max(0, centre - half), to = Math.Min(obs.Minutes, centre + half);
        PlumeFreeMask mask = PlumeFreeMask.For(obs);
        var values = new double[to - from];
        var clean = new double[to - from];
        var diffs = new double[to - from];
        int nv = 0, nc = 0, nd = 0;
        double prev = double.NaN;
        for (int m = from; m < to; m++)
        {
            double v = obs.Ppm[s][m];
            if (double.IsNaN(v) || obs.Faulty[s][m]) { prev = double.NaN; continue; }
            values[nv++] = v;
            if (mask.IsPlumeFree(s, m)) clean[nc++] = v;
            if (!double.IsNaN(prev)) diffs[nd++] = Math.Abs(v - prev);
            prev = v;
        }
        noiseSigma = nd > 0 ? 1.4826 * Percentiles.OfInPlace(diffs, nd, 50) / Math.Sqrt(2) : 0;
        fromPlumeFree = nc >= MinPlumeFreeReadings;
        if (fromPlumeFree) return Percentiles.OfInPlace(clean, nc, 50);
        return Percentiles.OfInPlace(values, nv, _options.BackgroundPercentile);
    }

    private const int MinPlumeFreeReadings = 10;

    private StabilityClass WindowStability(ObservationSeries obs, List<int> minutes, double meanSpeed, DateTimeOffset mid)
    {
        // Window σθ = within-minute σθ combined with the spread of the minute directions (circular).
        double sx = 0, sy = 0, within = 0;
        foreach (int m in minutes)
        {
            double a = obs.WindFromDeg[m] * Math.PI / 180;
            sx += Math.Sin(a);
            sy += Math.Cos(a);
            within += obs.SigmaThetaDeg[m] * obs.SigmaThetaDeg[m];
        }
        double r = Math.Min(1, Math.Sqrt(sx * sx + sy * sy) / minutes.Count);
        double between = r > 0 ? Math.Sqrt(-2 * Math.Log(r)) * 180 / Math.PI : 180;
        double sigmaTheta = Math.Sqrt(within / minutes.Count + between * between);
        double hour = (mid.UtcDateTime.TimeOfDay.TotalHours + _options.UtcOffsetHours + 48) % 24;
        bool night = hour < 7 || hour >= 19;
        return StabilityClassifier.FromSigmaTheta(sigmaTheta, meanSpeed, night);
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
