using System.Text.Json;
using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Sensing;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.App;

public sealed class FirmwareLoopTests
{
    [Fact]
    public void Samples_every_interval_with_consecutive_seq_and_publishes_them()
    {
        var rig = new LoopRig();
        rig.Run(60_000);

        // Samples at t = 0, 5, …, 60 s: 13.
        Assert.Equal(13, rig.Loop.SamplesTaken);
        var seqs = rig.On("/telemetry").Select(p => TelemetryDecoder.Decode(p.Payload)).SelectMany(d => d.Readings).Select(r => r.Seq).ToList();
        var batchSeqs = rig.On("/batch").Select(p => TelemetryDecoder.Decode(p.Payload)).SelectMany(d => d.Readings).Select(r => r.Seq);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (long)i), seqs.Concat(batchSeqs).OrderBy(s => s));
        Assert.Equal(13, rig.Session.Counters.ReadingsAcked);
        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public void Sample_interval_change_takes_effect_at_once()
    {
        var rig = new LoopRig();
        rig.Run(10_000);                      // samples at 0, 5, 10 s
        Assert.Equal(3, rig.Loop.SamplesTaken);
        rig.Settings.SampleIntervalSeconds = 1;
        rig.Loop.ApplySettings();
        rig.Run(10_000);                      // next due at 11 s (pulled in from 15 s), then every second to 20 s
        Assert.Equal(3 + 10, rig.Loop.SamplesTaken);
    }

    [Fact]
    public void Leak_raises_then_clears_the_alarm_and_publishes_both_on_the_alarm_topic()
    {
        var rig = new LoopRig();
        rig.Run(155_000);                     // past the 150 s warm-up
        Assert.Equal(0, rig.Loop.AlarmsRaised);

        rig.SetSensorResistance(rig.RsForPpm(15_000));   // 30 %LEL: above the 20 %LEL high threshold
        rig.Run(120_000);
        Assert.Equal(AlarmLevel.High, rig.Loop.AlarmLevelNow);
        Assert.True(rig.Loop.AlarmsRaised >= 1);

        rig.SetSensorResistance(rig.Board.Calibration.R0Ohms * rig.Board.Calibration.CleanAirRsR0);
        rig.Run(180_000);
        Assert.Equal(AlarmLevel.None, rig.Loop.AlarmLevelNow);
        Assert.Equal(1, rig.Loop.AlarmsCleared);

        var events = rig.On("/alarm").Select(p => JsonDocument.Parse(p.Payload).RootElement).ToList();
        Assert.Equal("dt/methane/site-a/dev-1/alarm", rig.On("/alarm").First().Topic);
        var raised = events.Where(e => e.GetProperty("event").GetString() == "raised").ToList();
        Assert.NotEmpty(raised);
        Assert.Equal(2, raised[^1].GetProperty("alarm").GetInt32());
        var cleared = events.Single(e => e.GetProperty("event").GetString() == "cleared");
        Assert.Equal(0, cleared.GetProperty("alarm").GetInt32());
        Assert.Equal("dev-1", cleared.GetProperty("thing").GetString());
        Assert.Equal("site-a", cleared.GetProperty("site").GetString());
        Assert.Contains(rig.Log, l => l.Contains("WARN  ALARM high raised"));
        Assert.Contains(rig.Log, l => l.Contains("INFO  alarm cleared"));
    }

    [Fact]
    public void No_alarm_during_warm_up_even_in_gas()
    {
        var rig = new LoopRig();
        rig.SetSensorResistance(rig.RsForPpm(15_000));
        rig.Run(140_000);
        Assert.Equal(0, rig.Loop.AlarmsRaised);
        Assert.Empty(rig.On("/alarm"));
        Assert.DoesNotContain(rig.Log, l => l.Contains("warm-up done"));
        rig.Run(20_000);
        Assert.Contains(rig.Log, l => l.Contains("warm-up done"));
    }

    [Fact]
    public void Fast_rise_below_the_thresholds_sends_a_rate_of_rise_alarm_message()
    {
        var rig = new LoopRig();
        rig.Run(155_000);
        // 157 ppm → 4000 ppm (8 %LEL, under the 10 %LEL low threshold): far faster than 1000 ppm/min.
        rig.SetSensorResistance(rig.RsForPpm(4000));
        rig.Run(60_000);
        Assert.Equal(AlarmLevel.None, rig.Loop.AlarmLevelNow);
        Assert.True(rig.Loop.RateOfRiseEvents >= 1);
        var e = rig.On("/alarm").Select(p => JsonDocument.Parse(p.Payload).RootElement).First();
        Assert.Equal("rate_of_rise", e.GetProperty("event").GetString());
        Assert.True(e.GetProperty("rise_ppm_min").GetDouble() >= 1000);
    }

    [Fact]
    public void An_alarm_raised_while_offline_is_published_after_reconnect()
    {
        var rig = new LoopRig();
        rig.Run(155_000);
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.Transport.Drop();
        rig.SetSensorResistance(rig.RsForPpm(15_000));
        rig.Run(60_000);
        Assert.True(rig.Loop.AlarmsRaised >= 1);
        Assert.True(rig.Loop.AlarmMessagePending);
        Assert.Empty(rig.On("/alarm"));
        Assert.Contains(rig.Log, l => l.Contains("connection lost (network_error)"));

        rig.Transport.DefaultConnectResult = MqttTransportStatus.Ok;
        rig.Run(400_000);                     // longer than the 300 s backoff cap
        Assert.False(rig.Loop.AlarmMessagePending);
        Assert.NotEmpty(rig.On("/alarm"));
        Assert.Contains(rig.Log, l => l.Contains("reconnected"));
        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public void Health_message_every_interval_with_counters()
    {
        var rig = new LoopRig();
        rig.Run(125_000);
        var health = rig.On("/health").ToList();
        Assert.Equal(2, health.Count);        // at 60 s and 120 s
        var h = JsonDocument.Parse(health[1].Payload).RootElement;
        Assert.Equal("dev-1", h.GetProperty("thing").GetString());
        Assert.Equal(120, h.GetProperty("uptime_s").GetInt64());
        Assert.Equal("online", h.GetProperty("state").GetString());
        Assert.Equal(25, h.GetProperty("samples").GetInt64());   // t = 0, 5, …, 120 s
        // Sent right after the 120 s sample, which itself takes the chips' conversion times (SHT4x ≤ 10 ms, ADS1115 1/128 s …).
        Assert.InRange(h.GetProperty("timestamp").GetInt64(), LoopRig.Epoch + 120_000, LoopRig.Epoch + 120_200);
        Assert.Equal("none", h.GetProperty("last_error").GetString());
        // The 120 s reading went out in the same tick; its PUBACK is processed on the next tick, so it is still counted.
        Assert.Equal(1, h.GetProperty("outbox_depth").GetInt64());
    }

    [Fact]
    public void Adc_fault_is_logged_once_counted_and_recovery_logged()
    {
        var rig = new LoopRig();
        rig.Run(10_000);
        rig.Adc.InjectTransferFault(I2cStatus.AddressNack);
        rig.Run(20_000);
        rig.Adc.ClearTransferFault();
        rig.Run(10_000);
        Assert.Single(rig.Log, l => l.Contains("ERROR methane ADC (ADS1115 at 0x48): address_nack"));
        Assert.Single(rig.Log, l => l.Contains("answering again"));
        Assert.Equal(4, rig.Loop.FaultSamples);   // samples at 15, 20, 25, 30 s
        Assert.Equal("adc_address_nack", rig.Loop.LastError);
    }

    [Fact]
    public void Waits_for_the_wall_clock_before_connecting_and_logs_boot()
    {
        var rig = new LoopRig(wallClock: false);
        rig.Run(20_000);
        Assert.Empty(rig.Transport.Connects);
        Assert.Equal(SessionState.WaitingForClock, rig.Session.State);
        Assert.Contains(rig.Log, l => l.Contains("waiting for the wall clock"));
        Assert.StartsWith("[     0.000] INFO  boot dev-1 site site-a fw 1.2.3 board esp32-devkitc-tgs2611", rig.Log[0]);
        rig.Clock.SetWallClock(LoopRig.Epoch);
        rig.Run(1_000);
        Assert.Single(rig.Transport.Connects);
        Assert.Contains(rig.Log, l => l.Contains("connected to broker as dev-1"));
        // Readings taken before SNTP are flagged; the backlog goes out as a batch.
        var first = TelemetryDecoder.Decode(rig.On("/batch").First().Payload).Readings[0];
        Assert.NotEqual(0, first.Flags & ReadingFlags.ClockUnsynced);
    }
}
