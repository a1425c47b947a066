using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Conformance;

/// <summary>
/// Independent checks of the transcript's met-station, ambient, alarm-event and lean-telemetry lines (sections wind,
/// ambient, alarmevent, lean): values worked out by hand from the published formulas with System.Math, and the bytes
/// decoded by the cloud's own decoders (a different implementation from the firmware's encoder).
/// </summary>
public sealed class ConformanceMetLeanTests
{
    private static IReadOnlyList<string> Lines => ConformanceTranscriptTests.Lines;

    private static string Line(string prefix) => Assert.Single(Lines, l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The double after <paramref name="key"/> in a line, from its printed bit pattern ("1.5~0x3FF8…").</summary>
    private static double Value(string line, string key)
    {
        string[] parts = line.Split(' ');
        int i = Array.LastIndexOf(parts, key);
        Assert.True(i >= 0 && i + 1 < parts.Length, $"no '{key}' in: {line}");
        string token = parts[i + 1];
        if (token == "NaN") return double.NaN;
        int hex = token.IndexOf("~0x", StringComparison.Ordinal);
        Assert.True(hex > 0, $"'{key}' is not a printed double in: {line}");
        return BitConverter.Int64BitsToDouble(Convert.ToInt64(token[(hex + 3)..], 16));
    }

    private static readonly double YamartinoB = 2 / Math.Sqrt(3) - 1;

    private static double Yamartino(double epsilon) =>
        Math.Asin(epsilon) * 180 / Math.PI * (1 + YamartinoB * epsilon * epsilon * epsilon);

    [Fact]
    public void Yamartino_sigma_theta_of_0_and_90_degrees_is_the_hand_computed_value()
    {
        // Yamartino (1984), J. Climate Appl. Meteor. 23, 1362: sa = ca = 1/2, ε = √(1 − ½) = √½, σθ = asin ε · (1 + b ε³)
        // = 45° · (1 + 0.1547005 · 0.3535534) = 47.46127°; the mean of 0° and 90° is 45°.
        string line = Line("wind yamartino ");
        Assert.Equal(45.0, Value(line, "dir"));
        Assert.Equal(Yamartino(Math.Sqrt(0.5)), Value(line, "sigma"), 1e-9);
        Assert.Equal(47.46127, Value(line, "sigma"), 1e-5);
    }

    [Fact]
    public void Directions_across_north_average_to_north_with_a_one_degree_spread()
    {
        // 359° and 1° alternately: mean sin 0, mean cos cos 1°, so ε = sin 1° and σθ = 1° · (1 + b sin³ 1°) ≈ 1.0000008°.
        string line = Line("wind north ");
        Assert.Equal(0.0, Value(line, "dir"));
        Assert.Equal(Yamartino(Math.Sin(Math.PI / 180)), Value(line, "sigma"), 1e-9);
        Assert.Contains("\"wind_dir_deg\":0.0,\"wind_sigma_deg\":1.0,", Line("wind json north "));
    }

    [Fact]
    public void Speeds_and_gust_follow_the_Davis_6410_transfer_function()
    {
        // Davis: V[mph] = 2.25 · pulses / seconds; 1 mph = 0.44704 m/s (exact).
        const double msPerHz = 2.25 * 0.44704;
        Assert.Equal(msPerHz, Value(Line("speed 1/1000ms "), "->"), 1e-12);
        string gust = Line("wind gust ");
        Assert.Equal(43 / 8.0 * msPerHz, Value(gust, "speed"), 1e-12);        // 43 pulses in 8 s
        Assert.Equal((10 + 12 + 11) / 3.0 * msPerHz, Value(gust, "gust"), 1e-12); // best 3-s window
    }

    [Fact]
    public void Calm_no_pulse_and_stuck_vane_intervals_have_no_direction_and_say_why()
    {
        Assert.Contains("flags 0x03 ", Line("wind no pulses "));   // Calm | NoPulses
        Assert.Contains("flags 0x01 ", Line("wind calm "));        // 0.1 m/s < 0.5 m/s calm threshold
        Assert.Contains("flags 0x04 ", Line("wind stuck "));       // codes span 2 steps at 3 m/s
        foreach (string label in new[] { "no pulses", "calm", "stuck", "opposite", "no time" })
        {
            Assert.True(double.IsNaN(Value(Line("wind " + label + " "), "dir")), label);
        }
    }

    [Fact]
    public void Own_trigonometry_agrees_with_System_Math()
    {
        foreach (string line in Lines.Where(l => l.StartsWith("trig ", StringComparison.Ordinal) && !l.Contains("NaN") && !l.Contains("e300")))
        {
            double deg = Value(line, "trig");
            Assert.Equal(Math.Sin(deg * Math.PI / 180), Value(line, "sin"), 1e-9);
            Assert.Equal(Math.Cos(deg * Math.PI / 180), Value(line, "cos"), 1e-9);
        }
    }

    [Fact]
    public void Absolute_humidity_and_the_ambient_model_match_the_formulas_worked_out_with_System_Math()
    {
        // Magnus (Sonntag 1990): es = 6.112 hPa · exp(17.62 T / (243.12 + T)); ρv = 216.7 · e / (273.15 + T).
        double ah = 216.7 * 6.112 * Math.Exp(17.62 * 20 / (243.12 + 20)) * 0.5 / (273.15 + 20);
        Assert.Equal(ah, Value(Line("absHumidity 20.000000~0x4034000000000000 50.000000~"), "->"), 1e-9);
        Assert.Equal(8.6214, ah, 1e-4);
        // Board defaults: 818.5 − 338.1 · ln(11.188) − 4.9 · (AH − 10) at 20 °C, 50 %RH.
        double ppm = 818.5 - 338.1 * Math.Log(11.188) - 4.9 * (ah - 10);
        string model = Line("model 0 ");
        Assert.Equal(ppm, Value(model, "->"), 1e-9);
        Assert.Contains("flags 0x01 ", model); // factory defaults: Uncalibrated
    }

    [Fact]
    public void Coefficient_sets_through_the_shadow_are_applied_whole_or_not_at_all()
    {
        string[] deltas = Lines.Where(l => l.StartsWith("ambient delta ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(8, deltas.Length);
        Assert.Contains("valid ok", deltas[0]);
        Assert.Equal(802.125, Value(deltas[0], "intercept"));
        // Partial (one coefficient, with or without the old checksum), out of range, ∞ and a fractional checksum are refused;
        // a null and the unchanged set without its checksum change nothing. The applied set stays throughout.
        foreach (int i in new[] { 1, 2, 3, 4, 6 }) Assert.Contains(" result 1 ", deltas[i]);
        foreach (string d in deltas.Skip(1))
        {
            Assert.Equal(802.125, Value(d, "intercept"));
            Assert.Contains("valid ok", d);
        }
    }

    [Fact]
    public void Alarm_events_decode_with_the_cloud_decoder_and_null_what_is_not_a_number()
    {
        string[] events = Lines.Where(l => l.StartsWith("alarm event ", StringComparison.Ordinal) && l.Contains('{')).ToArray();
        Assert.Equal(11, events.Length);
        var decoded = events.Select(l =>
        {
            bool ok = AlarmEventDecoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(l[l.IndexOf('{')..]), out var alarm, out var error);
            Assert.True(ok, $"{error}: {l}");
            return alarm!;
        }).ToArray();
        Assert.Equal(5123.5, decoded[0].Ch4Ppm);
        Assert.Null(decoded[4].Ch4Ppm);       // no methane value
        Assert.Null(decoded[4].RisePpmMin);   // NaN slope
        Assert.Null(decoded[5].RisePpmMin);   // +∞
        Assert.Null(decoded[6].LelPct);       // −∞
        Assert.Null(decoded[10].Ch4Ppm);      // above 1,000,000 ppm
    }

    [Fact]
    public void Batched_live_readings_are_not_replays_and_the_offline_backlog_is()
    {
        string[] publishes = Lines.SkipWhile(l => l != "== lean").Where(l => l.StartsWith("  publish ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(7, publishes.Length);
        var payloads = publishes.Select(p => TelemetryDecoder.Decode(p[p.IndexOfAny(['[', '{'])..])).ToArray();
        Assert.All(payloads, r => Assert.True(r.Success, r.Error?.ToString()));
        Assert.Equal(new[] { 4, 4, 1, 1, 1, 2, 1 }, payloads.Select(p => p.Readings.Count).ToArray());
        Assert.Contains("/telemetry ", publishes[4]);  // interval 0: alone, at once
        for (int i = 0; i < payloads.Length; i++)
        {
            bool backlog = i == 5;
            Assert.All(payloads[i].Readings, r => Assert.Equal(backlog ? 0x20 : 0, r.Flags & 0x20));
        }
        Assert.Null(payloads[0].Readings[0].AdcRaw);     // compact
        Assert.NotNull(payloads[3].Readings[0].AdcRaw);  // raw diagnostics on
    }

    [Fact]
    public void Compact_readings_drop_only_the_raw_diagnostics_and_keep_the_v2_groups()
    {
        TelemetryReading Decode(string prefix)
        {
            string line = Line(prefix);
            var result = TelemetryDecoder.Decode(line[line.IndexOf('{')..]);
            Assert.True(result.Success, result.Error?.ToString());
            return result.Readings[0];
        }
        var gas = Decode("compact 0 full ");
        Assert.Null(gas.AdcRaw);
        Assert.Null(gas.Fw);
        Assert.Equal(15.0, gas.Ch4Ppm);
        var ambient = Decode("compact 1 full ");
        Assert.Equal("gas", ambient.Role);
        Assert.Equal(2.046, ambient.Ch4AmbPpm);
        Assert.Equal(0.058, ambient.Ch4EnhPpm!.Value, 9); // 2.046 − 1.988 from the 0.001-ppm codes
        var met = Decode("compact 2 full ");
        Assert.Equal("met", met.Role);
        Assert.Equal(4.02, met.WindSpeedMs);
        Assert.Equal(359.9, met.WindDirDeg);
        Assert.Null(met.RsOhm);
    }
}
