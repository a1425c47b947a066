using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

/// <summary>Alarm events (alarm-event-v1) on …/alarm: stored in the alarm history once each; anything else on that topic is a dead letter.</summary>
public sealed class AlarmEventStoreTests
{
    private const long Now = 1_700_000_000_000;
    private const string Topic = "dt/methane/alpha/dev-a/alarm";

    [Fact]
    public void Each_event_kind_is_stored_with_its_levels_and_rise_and_a_redelivery_once()
    {
        using var h = new ProcessorHarness();
        h.Send(Topic, TestData.Alarm("alpha", "dev-a", 10, Now - 4000, "rate_of_rise", previous: 0, alarm: 0, ch4: 900));
        h.Send(Topic, TestData.Alarm("alpha", "dev-a", 11, Now - 3000, "raised", previous: 0, alarm: 1, ch4: 6000));
        h.Send(Topic, TestData.Alarm("alpha", "dev-a", 12, Now - 2000, "raised", previous: 1, alarm: 2, ch4: 12000));
        h.Send(Topic, TestData.Alarm("alpha", "dev-a", 12, Now - 2000, "raised", previous: 1, alarm: 2, ch4: 12000));   // QoS 1 again
        h.Send(Topic, TestData.Alarm("alpha", "dev-a", 13, Now - 1000, "changed", previous: 2, alarm: 1, ch4: 7000));
        h.Send(Topic, TestData.Alarm("alpha", "dev-a", 14, Now, "cleared", previous: 1, alarm: 0, ch4: null));
        h.Processor.Flush();

        Assert.Equal(5, h.Processor.Stats.AlarmsStored);
        Assert.Equal(0, h.Processor.Stats.DeadLetters);
        var rows = h.Store.Query("SELECT seq, event, previous, alarm, ch4_ppm, rise_ppm_min, site_alarm, event_ms FROM alarm_events ORDER BY seq",
            r => (r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? (double?)null : r.GetDouble(4), r.GetDouble(5), r.GetInt32(6), r.GetInt64(7)));
        // alpha's thresholds: low 10 %LEL = 5,000 ppm, high 20 %LEL = 10,000 ppm (TestData.Sites).
        Assert.Equal(new (long, string, int, int, double?, double, int, long)[]
        {
            (10, "rate_of_rise", 0, 0, 900, 120.5, 0, Now - 4000),
            (11, "raised", 0, 1, 6000, 120.5, 1, Now - 3000),
            (12, "raised", 1, 2, 12000, 120.5, 2, Now - 2000),
            (13, "changed", 2, 1, 7000, 120.5, 1, Now - 1000),
            (14, "cleared", 1, 0, null, 120.5, 0, Now),
        }, rows);
    }

    [Theory]
    [InlineData("{\"v\":1,\"thing\":\"dev-a\",\"site\":\"alpha\",\"seq\":1,\"timestamp\":1699999999000,\"ch4_ppm\":12000,\"alarm\":2,\"flags\":0}", "invalid-field", "event")]
    [InlineData("{\"v\":1,\"thing\":\"dev-a\",\"site\":\"alpha\",\"seq\":1,\"timestamp\":1699999999000,\"event\":\"cleared\",\"alarm\":0,\"previous\":0,\"ch4_ppm\":1,\"lel_pct\":0.002,\"rise_ppm_min\":null,\"flags\":0}", "invalid-field", "event")]
    [InlineData("{\"v\":1,\"thing\":\"dev-b\",\"site\":\"alpha\",\"seq\":1,\"timestamp\":1699999999000,\"event\":\"raised\",\"alarm\":1,\"previous\":0,\"ch4_ppm\":6000,\"lel_pct\":12,\"rise_ppm_min\":null,\"flags\":0}", "thing-topic-mismatch", "thing")]
    [InlineData("not json", "invalid-payload", "$")]
    public void Anything_but_a_consistent_alarm_event_of_the_topics_thing_is_a_dead_letter_naming_the_field(string payload, string reason, string field)
    {
        using var h = new ProcessorHarness();
        h.Send(Topic, payload);
        h.Processor.Flush();
        Assert.Equal(0, h.Processor.Stats.AlarmsStored);
        Assert.Equal(new[] { (reason, (string?)field, 1L) }, h.Store.DeadLetterSummary());
    }
}
