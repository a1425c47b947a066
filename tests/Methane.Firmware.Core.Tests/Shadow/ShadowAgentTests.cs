using System.Text;
using System.Text.Json;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Tests.Connectivity;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.Shadow;

public sealed class ShadowAgentTests
{
    private readonly TestSettings _settings = new();
    private readonly ShadowAgent _agent;

    public ShadowAgentTests() => _agent = new ShadowAgent(_settings, "1.4.2");

    private ShadowDeltaResult Apply(string json)
    {
        var bytes = Encoding.UTF8.GetBytes("##" + json); // non-zero offset on purpose
        return _agent.ApplyDelta(bytes, 2, bytes.Length - 2);
    }

    private JsonElement Reported(SessionCounters? counters = null, long dropped = 0)
    {
        var buf = new byte[2048];
        var w = new JsonWriter(buf);
        Assert.True(_agent.WriteReported(w, counters ?? new SessionCounters(), dropped));
        using var doc = JsonDocument.Parse(buf.AsMemory(0, w.Length));
        return doc.RootElement.GetProperty("state").GetProperty("reported").Clone();
    }

    [Fact]
    public void A_valid_delta_is_applied_and_reported()
    {
        var result = Apply("{\"version\":12,\"timestamp\":1790000000,\"state\":{\"publish_interval_s\":30,\"alarm_low_lel\":12.5},"
                           + "\"metadata\":{\"publish_interval_s\":{\"timestamp\":1790000000}}}");
        Assert.Equal(ShadowDeltaResult.Applied, result);
        Assert.Equal(new double[] { 30, 5, 12.5, 20, 7 }, _settings.Values);
        var reported = Reported();
        Assert.Equal("1.4.2", reported.GetProperty("fw").GetString());
        Assert.Equal(30, reported.GetProperty("config").GetProperty("publish_interval_s").GetInt64());
        Assert.Equal(12.5, reported.GetProperty("config").GetProperty("alarm_low_lel").GetDouble());
        Assert.Equal(12, reported.GetProperty("config_version").GetInt64());
        Assert.Equal(JsonValueKind.Null, reported.GetProperty("config_rejected").ValueKind);
    }

    [Fact]
    public void An_out_of_range_value_is_rejected_with_field_value_and_range_and_changes_nothing()
    {
        // The valid sample_interval_s before the bad value must not be applied either (all-or-nothing).
        var result = Apply("{\"state\":{\"sample_interval_s\":10,\"publish_interval_s\":2},\"version\":5}");
        Assert.Equal(ShadowDeltaResult.Rejected, result);
        Assert.Equal(new double[] { 60, 5, 10, 20, 7 }, _settings.Values);
        Assert.Equal(0, _settings.Sets);
        var rej = Reported().GetProperty("config_rejected");
        Assert.Equal("out_of_range", rej.GetProperty("reason").GetString());
        Assert.Equal("publish_interval_s", rej.GetProperty("field").GetString());
        Assert.Equal(2, rej.GetProperty("value").GetInt64());
        Assert.Equal(5, rej.GetProperty("min").GetInt64());
        Assert.Equal(3600, rej.GetProperty("max").GetInt64());
        Assert.Equal(5, rej.GetProperty("version").GetInt64());
        Assert.Equal(60, Reported().GetProperty("config").GetProperty("publish_interval_s").GetInt64());
    }

    [Theory]
    [InlineData("{\"state\":{\"publish_interval_s\":30.5}}", "not_an_integer", "publish_interval_s")]
    [InlineData("{\"state\":{\"publish_interval_s\":\"30\"}}", "not_a_number", "publish_interval_s")]
    [InlineData("{\"state\":{\"publish_interval_s\":{\"v\":30}}}", "not_a_number", "publish_interval_s")]
    [InlineData("{\"state\":{\"publish_interval_s\":true}}", "not_a_number", "publish_interval_s")]
    [InlineData("{\"state\":{\"alarm_high_lel\":60.01}}", "out_of_range", "alarm_high_lel")]
    [InlineData("{\"state\":{\"publish_interval_s\":1e300}}", "out_of_range", "publish_interval_s")]
    [InlineData("{\"state\":{\"publish_interval_s\":4.5}}", "out_of_range", "publish_interval_s")]
    [InlineData("{\"state\":{\"alarm_high_lel\":-1e400}}", "out_of_range", "alarm_high_lel")]
    [InlineData("{\"state\":{\"alarm_high_lel\":1e999}}", "out_of_range", "alarm_high_lel")]
    [InlineData("{\"state\":{\"heater\":1,\"publish_interval_s\":30}}", "unknown_setting", "heater")]
    [InlineData("{\"state\":{\"publish_interval_s\":30,\"publish_interval_S\":30}}", "unknown_setting", "publish_interval_S")]
    public void Invalid_values_are_rejected_with_reason(string json, string reason, string field)
    {
        Assert.Equal(ShadowDeltaResult.Rejected, Apply(json));
        Assert.Equal(new double[] { 60, 5, 10, 20, 7 }, _settings.Values);
        var rej = Reported().GetProperty("config_rejected");
        Assert.Equal(reason, rej.GetProperty("reason").GetString());
        Assert.Equal(field, rej.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{\"state\":{\"publish_interval_s\":3e1}}", 30)]
    [InlineData("{\"state\":{\"publish_interval_s\":30.0}}", 30)]
    [InlineData("{\"state\":{\"publish_interval_s\":5}}", 5)]       // both bounds are inclusive
    [InlineData("{\"state\":{\"publish_interval_s\":3600}}", 3600)]
    [InlineData("{\"state\":{\"publish_interval_s\":null}}", 60)]   // desired key deleted: nothing to do
    public void Boundary_and_equivalent_values(string json, double expected)
    {
        Assert.Equal(ShadowDeltaResult.Applied, Apply(json));
        Assert.Equal(expected, _settings.Values[0]);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("{\"state\":{\"publish_interval_s\":30}", 34)] // 34 bytes: the input ends where the closing brace should be
    [InlineData("{\"state\":[30]}", -1)]
    [InlineData("{\"version\":3}", -1)]
    [InlineData("[]", -1)]
    [InlineData("{\"state\":{}} x", 13)] // 'x' is byte 13
    public void Malformed_deltas_are_rejected_with_position(string json, int position)
    {
        Assert.Equal(ShadowDeltaResult.Rejected, Apply(json));
        var rej = Reported().GetProperty("config_rejected");
        Assert.Equal("malformed", rej.GetProperty("reason").GetString());
        if (position >= 0) Assert.Equal(position, rej.GetProperty("position").GetInt32());
        else Assert.False(rej.TryGetProperty("position", out _));
        Assert.Equal(new double[] { 60, 5, 10, 20, 7 }, _settings.Values);
    }

    [Fact]
    public void Stale_versions_are_ignored()
    {
        Assert.Equal(ShadowDeltaResult.Applied, Apply("{\"state\":{\"publish_interval_s\":30},\"version\":8}"));
        Assert.Equal(ShadowDeltaResult.Stale, Apply("{\"state\":{\"publish_interval_s\":90},\"version\":7}"));
        Assert.Equal(ShadowDeltaResult.Stale, Apply("{\"state\":{\"publish_interval_s\":90},\"version\":8}"));
        Assert.Equal(30, _settings.Values[0]);
        Assert.Equal(ShadowDeltaResult.Applied, Apply("{\"state\":{\"publish_interval_s\":90},\"version\":9}"));
        Assert.Equal(90, _settings.Values[0]);
    }

    [Fact]
    public void An_accepted_delta_clears_the_previous_rejection()
    {
        Apply("{\"state\":{\"publish_interval_s\":1},\"version\":1}");
        Assert.Equal(JsonValueKind.Object, Reported().GetProperty("config_rejected").ValueKind);
        Apply("{\"state\":{\"publish_interval_s\":10},\"version\":2}");
        Assert.Equal(JsonValueKind.Null, Reported().GetProperty("config_rejected").ValueKind);
        Assert.Equal((1L, 1L), (_agent.DeltasApplied, _agent.DeltasRejected));
    }

    [Fact]
    public void Reported_state_carries_the_session_counters()
    {
        var c = new SessionCounters { ReadingsPublished = 120, ReadingsAcked = 118, Reconnects = 3, LastError = MqttTransportStatus.Timeout };
        var reported = Reported(c, dropped: 7);
        var counters = reported.GetProperty("counters");
        Assert.Equal((120L, 118L, 7L, 3L), (counters.GetProperty("published").GetInt64(), counters.GetProperty("acked").GetInt64(),
            counters.GetProperty("dropped").GetInt64(), counters.GetProperty("reconnects").GetInt64()));
        Assert.Equal("timeout", reported.GetProperty("last_error").GetString());
    }

    [Fact]
    public void Mutated_deltas_never_throw_and_never_set_a_value_out_of_range()
    {
        var seed = Encoding.UTF8.GetBytes("{\"state\":{\"publish_interval_s\":30,\"sample_interval_s\":10,\"alarm_low_lel\":12.5,"
                                          + "\"alarm_high_lel\":25,\"filter_window\":9},\"version\":1,\"metadata\":{}}");
        var rng = new Random(5);
        var buf = new byte[seed.Length + 8];
        var mins = new double[] { 5, 1, 1, 1, 1 };
        var maxs = new double[] { 3600, 600, 50, 60, 31 };
        var agent = new ShadowAgent(_settings, "1.0.0");
        for (int i = 0; i < 100_000; i++)
        {
            Array.Copy(seed, buf, seed.Length);
            int len = seed.Length;
            for (int m = rng.Next(1, 4); m > 0; m--)
            {
                if (rng.Next(3) == 0) len = rng.Next(len + 1);
                else buf[rng.Next(len == 0 ? 1 : len)] = (byte)"0123456789.-e\"{}:,x"[rng.Next(19)];
            }
            // Re-arm the version check so every input reaches validation.
            var fresh = i % 2 == 0 ? agent : new ShadowAgent(_settings, "1.0.0");
            fresh.ApplyDelta(buf, 0, len);
            for (int k = 0; k < 5; k++) Assert.InRange(_settings.Values[k], mins[k], maxs[k]);
            Assert.True(_settings.Values[0] == Math.Floor(_settings.Values[0]));
        }
    }

    [Fact]
    public void End_to_end_through_the_session_delta_in_report_out()
    {
        var clock = new ManualClock { IsWallClockSet = true };
        var transport = new FakeMqttTransport(clock);
        var outbox = new ReadingOutbox(new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(8)));
        outbox.Recover();
        var topics = new Topics("dev-1", "site-a");
        var session = new SessionManager(transport, clock, topics, outbox, new TestReadingEncoder(), new SessionSettings());
        var report = new byte[2048];
        var writer = new JsonWriter();
        session.InboundMessage += (topic, payload, offset, count) =>
        {
            if (!Topics.Same(topic, topics.ShadowUpdateDelta)) return;
            _agent.ApplyDelta(payload, offset, count);
            writer.Reset(report, 0, report.Length);
            if (_agent.WriteReported(writer, session.Counters, outbox.Dropped))
                session.PublishControl(topics.ShadowUpdate, report, 0, writer.Length);
        };
        session.Tick();
        transport.Deliver("$aws/things/dev-1/shadow/update/delta", Encoding.UTF8.GetBytes("{\"state\":{\"publish_interval_s\":15},\"version\":3}"));
        session.Tick();
        Assert.Equal(15, _settings.Values[0]);
        var p = Assert.Single(transport.Publishes);
        Assert.Equal("$aws/things/dev-1/shadow/update", p.Topic);
        using var doc = JsonDocument.Parse(p.Payload);
        Assert.Equal(15, doc.RootElement.GetProperty("state").GetProperty("reported").GetProperty("config").GetProperty("publish_interval_s").GetInt64());
    }
}
