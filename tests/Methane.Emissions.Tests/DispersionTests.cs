using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Tests;

public class DispersionTests
{
    [Fact]
    public void Ground_level_centreline_of_a_ground_source_is_Q_over_pi_u_sigmay_sigmaz()
    {
        // Hand value: 1 g/s, u = 2 m/s, σy = 10 m, σz = 5 m, H = z = 0 → C = 1 / (π·2·10·5) = 3.18310e-3 g/m³.
        double c = GaussianPlume.Concentration(1, 2, 10, 5, 0, 0, 0);
        Assert.Equal(3.18310e-3, c, 1e-7);
    }

    [Fact]
    public void Elevated_source_off_axis_matches_the_formula_worked_by_hand()
    {
        // Q = 2 g/s, u = 3, σy = 8, σz = 4, y = 8 (one σy), z = 2, H = 4:
        // 2/(2π·3·8·4) = 3.31573e-3; exp(−0.5) = 0.606531; exp(−4/32) + exp(−36/32) = 0.882497 + 0.324652 = 1.207149
        // → 3.31573e-3 · 0.606531 · 1.207149 = 2.42768e-3 g/m³.
        Assert.Equal(2.42768e-3, GaussianPlume.Concentration(2, 3, 8, 4, 8, 2, 4), 1e-7);
    }

    [Theory]
    [InlineData(1.0, 3.0, 7.0, 4.0, 2.0)]
    [InlineData(0.3, 0.8, 2.0, 1.0, 4.5)]
    public void Crosswind_integral_times_wind_speed_returns_the_emission_rate(double q, double u, double sy, double sz, double h)
    {
        // Mass conservation with ground reflection: ∫∫ C dy dz over y ∈ ℝ, z ≥ 0, times u, equals Q.
        double dy = sy / 40, dz = sz / 40, sum = 0;
        for (double y = -8 * sy; y <= 8 * sy; y += dy)
            for (double z = dz / 2; z <= h + 8 * sz; z += dz)
                sum += GaussianPlume.Concentration(q, u, sy, sz, y, z, h) * dy * dz;
        Assert.Equal(q, sum * u, q * 1e-3);
    }

    [Fact]
    public void Briggs_open_country_class_D_at_100_m()
    {
        // 0.08·100/√1.01 = 7.96030; 0.06·100/√1.15 = 5.59503
        (double sy, double sz) = BriggsOpenCountry.Raw(StabilityClass.D, 100);
        Assert.Equal(7.96030, sy, 1e-4);
        Assert.Equal(5.59503, sz, 1e-4);
    }

    [Fact]
    public void Briggs_open_country_class_F_and_A_at_1000_m()
    {
        // F: 0.04·1000/√1.1 = 38.1385; 0.016·1000/1.3 = 12.3077. A: σz = 0.2·1000 = 200.
        (double sy, double sz) = BriggsOpenCountry.Raw(StabilityClass.F, 1000);
        Assert.Equal(38.1385, sy, 1e-3);
        Assert.Equal(12.3077, sz, 1e-3);
        Assert.Equal(200, BriggsOpenCountry.Raw(StabilityClass.A, 1000).SigmaZ, 1e-9);
    }

    [Theory]
    [InlineData(25.0, 5.0, false, StabilityClass.A)]
    [InlineData(22.5, 5.0, false, StabilityClass.A)]
    [InlineData(20.0, 5.0, false, StabilityClass.B)]
    [InlineData(15.0, 5.0, false, StabilityClass.C)]
    [InlineData(10.0, 5.0, false, StabilityClass.D)]
    [InlineData(5.0, 5.0, false, StabilityClass.E)]
    [InlineData(2.0, 5.0, false, StabilityClass.F)]
    [InlineData(25.0, 2.0, true, StabilityClass.F)]   // night meander at low speed is not convection
    [InlineData(25.0, 3.0, true, StabilityClass.E)]
    [InlineData(25.0, 5.0, true, StabilityClass.D)]
    [InlineData(10.0, 1.0, true, StabilityClass.D)]
    public void Stability_from_sigma_theta_and_speed(double sigmaTheta, double u, bool night, StabilityClass expected)
        => Assert.Equal(expected, StabilityClassifier.FromSigmaTheta(sigmaTheta, u, night));

    [Fact]
    public void Wind_from_north_carries_gas_south()
    {
        (double x, double y) = PlumeGeometry.Project(new SitePoint(0, 0), new SitePoint(0, -50), 0);
        Assert.Equal(50, x, 1e-9);
        Assert.Equal(0, y, 1e-9);
        (x, y) = PlumeGeometry.Project(new SitePoint(10, 0), new SitePoint(40, 5), 270);
        Assert.Equal(30, x, 1e-9);
        Assert.Equal(5, Math.Abs(y), 1e-9);
    }

    [Fact]
    public void One_gram_per_cubic_metre_is_1474_ppm_at_15_C()
    {
        // Molar volume at 15 °C, 1 atm: 23.645 L/mol; 23.645 / 16.043 = 1.4738 L/g → 1473.8 ppm per g/m³.
        Assert.Equal(1473.8, MethaneUnits.PpmFromGramsPerCubicMetre(1.0), 0.2);
    }

    [Fact]
    public void Forward_model_sees_nothing_upwind_and_about_2_ppm_at_50_m_downwind_for_1_kg_per_h()
    {
        var source = new CandidateSource("s", new SitePoint(0, 0), 1);
        var down = new SensorPlacement("d", new SitePoint(0, -50), 2);
        var up = new SensorPlacement("u", new SitePoint(0, 50), 2);
        Assert.Equal(0, PlumeForwardModel.PpmPerKgPerHour(source, up, 3, 0, StabilityClass.D));
        // DESIGN.md: "1 kg/h at 50 m downwind in 3 m/s wind is roughly 1–3 ppm".
        double ppm = PlumeForwardModel.PpmPerKgPerHour(source, down, 3, 0, StabilityClass.D);
        Assert.InRange(ppm, 1, 5);
    }
}
