using System.Text;
using System.Text.Json;
using Xunit;

namespace Methane.Firmware.Core.Tests.App;

/// <summary>The firmware loop with the shadow agent: deltas change the live settings, the reported state follows.</summary>
public sealed class ShadowWiringTests
{
    private const string Delta = "$aws/things/dev-1/shadow/update/delta";

    [Fact]
    public void Reported_state_goes_out_after_connect_and_a_delta_changes_the_sample_interval()
    {
        var rig = new LoopRig(shadow: true);
        rig.Run(1_000);
        var first = Assert.Single(rig.On("/shadow/update"));
        var config = JsonDocument.Parse(first.Payload).RootElement.GetProperty("state").GetProperty("reported").GetProperty("config");
        Assert.Equal(5, config.GetProperty("device.sampleIntervalSeconds").GetDouble());

        rig.Transport.Deliver(Delta, Encoding.UTF8.GetBytes("""{"state":{"device.sampleIntervalSeconds":2},"version":7}"""));
        rig.Run(10_500);
        Assert.Equal(2, rig.Settings.SampleIntervalSeconds);
        Assert.Contains(rig.Log, l => l.Contains("shadow delta applied (version 7)"));
        var last = JsonDocument.Parse(rig.On("/shadow/update").Last().Payload).RootElement.GetProperty("state").GetProperty("reported");
        Assert.Equal(2, last.GetProperty("config").GetProperty("device.sampleIntervalSeconds").GetDouble());
        // Sample at 0 s; the delta arrives at 1 s and pulls the next sample in from 5 s to 1 + 2 = 3 s, then every 2 s:
        // 3, 5, 7, 9, 11 s (the run ends at 11.5 s) — 6 in all.
        Assert.Equal(6, rig.Loop.SamplesTaken);
    }

    [Fact]
    public void An_out_of_range_delta_changes_nothing_and_is_reported()
    {
        var rig = new LoopRig(shadow: true);
        rig.Run(1_000);
        rig.Transport.Deliver(Delta, Encoding.UTF8.GetBytes("""{"state":{"device.sampleIntervalSeconds":2,"alarm.lowLelPct":250},"version":8}"""));
        rig.Run(1_000);
        Assert.Equal(5, rig.Settings.SampleIntervalSeconds);      // all-or-nothing: the valid key is not applied either
        Assert.Equal(10, rig.Board.Alarm.LowLelPct);
        Assert.Contains(rig.Log, l => l.Contains("WARN  shadow delta rejected: out_of_range"));
        Assert.Contains("alarm.lowLelPct", Encoding.UTF8.GetString(rig.On("/shadow/update").Last().Payload));
    }

    [Fact]
    public void A_delta_that_breaks_a_cross_field_rule_leaves_the_setting_unchanged()
    {
        var rig = new LoopRig(shadow: true);
        rig.Run(1_000);
        // 30 %LEL is inside the single-field range 0..100 but above the 20 %LEL high threshold: Validate refuses it.
        rig.Transport.Deliver(Delta, Encoding.UTF8.GetBytes("""{"state":{"alarm.lowLelPct":30},"version":9}"""));
        rig.Run(1_000);
        Assert.Equal(10, rig.Board.Alarm.LowLelPct);
        string report = Encoding.UTF8.GetString(rig.On("/shadow/update").Last().Payload);
        Assert.Contains("\"reason\":\"inconsistent\"", report);
        Assert.Contains("\"detail\":\"alarm.highLelPct = 20: expected > alarm.lowLelPct (30) and <= 100\"", report);
    }

    [Fact]
    public void A_delta_is_judged_as_a_whole_so_moving_both_thresholds_up_together_is_accepted()
    {
        // Raising low to 30 alone breaks low < high (20); raising high to 40 in the same delta makes the whole consistent.
        var rig = new LoopRig(shadow: true);
        rig.Run(1_000);
        rig.Transport.Deliver(Delta, Encoding.UTF8.GetBytes("""{"state":{"alarm.lowLelPct":30,"alarm.highLelPct":40},"version":10}"""));
        rig.Run(1_000);
        Assert.Equal(30, rig.Board.Alarm.LowLelPct);
        Assert.Equal(40, rig.Board.Alarm.HighLelPct);
    }

    [Fact]
    public void An_inconsistent_delta_restores_every_value_it_touched()
    {
        // Sample interval 2 s is fine on its own; low 30 against high 20 is not: neither may stay applied.
        var rig = new LoopRig(shadow: true);
        rig.Run(1_000);
        rig.Transport.Deliver(Delta, Encoding.UTF8.GetBytes("""{"state":{"device.sampleIntervalSeconds":2,"alarm.lowLelPct":30},"version":11}"""));
        rig.Run(1_000);
        Assert.Equal(5, rig.Settings.SampleIntervalSeconds);
        Assert.Equal(10, rig.Board.Alarm.LowLelPct);
    }
}
