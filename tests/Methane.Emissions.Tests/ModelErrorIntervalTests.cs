using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Tests;

public class ModelErrorIntervalTests
{
    [Fact]
    public void Without_model_error_it_is_the_bootstrap_percentiles()
    {
        // 1…100: the 5th percentile with linear interpolation sits at position 0.05·99 = 4.95 → 5.95; the 95th at 94.05 → 95.05.
        double[] x = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        (double lo, double hi) = ModelErrorInterval.Of(x, x.Length, 0, 5, 95);
        Assert.Equal(5.95, lo, 1e-12);
        Assert.Equal(95.05, hi, 1e-12);
    }

    [Fact]
    public void Equal_replicates_give_the_log_normal_interval()
    {
        // All replicates 2 kg/h, σ_ln 0.5: 2·exp(∓1.644854·0.5) = 0.878728 … 4.552033 (hand-computed).
        double[] x = Enumerable.Repeat(2.0, 100).ToArray();
        (double lo, double hi) = ModelErrorInterval.Of(x, x.Length, 0.5, 5, 95);
        Assert.Equal(0.878728, lo, 1e-5);
        Assert.Equal(4.552033, hi, 1e-5);
    }

    [Fact]
    public void Zero_replicates_carry_their_share_of_the_mass()
    {
        // 10 of 100 replicates at zero hold more than 5 %: the lower end is 0.
        double[] many = Enumerable.Repeat(0.0, 10).Concat(Enumerable.Repeat(1.0, 90)).ToArray();
        Assert.Equal(0, ModelErrorInterval.Of(many, 100, 0.2, 5, 95).Lower);
        // 3 zeros: the lower end is where the 97 positive ones hold (5 − 3)/97 of their mass: exp(0.2·Φ⁻¹(0.020619)) = 0.664828;
        // the upper end (95 − 3)/97: exp(0.2·Φ⁻¹(0.948454)) = 1.385427.
        double[] few = Enumerable.Repeat(0.0, 3).Concat(Enumerable.Repeat(1.0, 97)).ToArray();
        (double lo, double hi) = ModelErrorInterval.Of(few, 100, 0.2, 5, 95);
        Assert.Equal(0.664828, lo, 1e-5);
        Assert.Equal(1.385427, hi, 1e-5);
    }

    [Fact]
    public void Median_of_a_symmetric_mixture_is_its_log_midpoint()
    {
        // Half the replicates at 1, half at 4: in log space the mixture is symmetric about ln 2.
        double[] x = Enumerable.Repeat(1.0, 50).Concat(Enumerable.Repeat(4.0, 50)).ToArray();
        Assert.Equal(2.0, ModelErrorInterval.Quantile(x, x.Length, 0.3, 0.5), 1e-6);
    }

    private static (SiteGeometry Site, int Source, ObservationSeries Obs) Separator2Release()
    {
        SiteGeometry site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];
        int src = site.SourceIndex("separator-2");
        ObservationSeries obs = SyntheticObservations.Make(site, 180, src, 2.0, 0.3, seed: 3,
            direction: m => (m >= 60 && m < 75 ? 45 : 315) + 15 * Math.Sin(m / 2.0), stability: Methane.Emissions.Dispersion.StabilityClass.C);
        return (site, src, obs);
    }

    [Fact]
    public void A_bootstrap_block_as_long_as_the_window_resamples_nothing()
    {
        // One block of all 15 minutes: every replicate is the window itself, so the noise interval collapses on the estimate.
        var (site, src, obs) = Separator2Release();
        var options = new InversionOptions { ModelErrorLogSigma = 0, BootstrapBlockMinutes = 15 };
        WindowResult w = new SiteInverter(site, options).InvertWindow(obs, 60, new Random(1));
        Assert.True(w.Rate[src] > 1);
        Assert.Equal(w.Rate[src], w.Lower[src], 1e-9);
        Assert.Equal(w.Rate[src], w.Upper[src], 1e-9);
    }

    [Fact]
    public void Model_error_widens_the_interval_but_leaves_rate_and_detection_alone()
    {
        var (site, src, obs) = Separator2Release();
        WindowResult bootstrapOnly = new SiteInverter(site, new InversionOptions { ModelErrorLogSigma = 0 }).InvertWindow(obs, 60, new Random(1));
        WindowResult widened = new SiteInverter(site, new InversionOptions { ModelErrorLogSigma = 0.35 }).InvertWindow(obs, 60, new Random(1));
        Assert.Equal(bootstrapOnly.Rate, widened.Rate);
        Assert.Equal(bootstrapOnly.Detected, widened.Detected);
        Assert.True(widened.Lower[src] < bootstrapOnly.Lower[src] && widened.Upper[src] > bootstrapOnly.Upper[src]);
        // Even a tight bootstrap is at least as wide as the model error alone: rate·exp(±1.645·0.35) ≈ ×0.56 … ×1.78.
        Assert.True(widened.Upper[src] / widened.Lower[src] >= Math.Exp(2 * 1.6448536 * 0.35) * 0.95);
    }
}
