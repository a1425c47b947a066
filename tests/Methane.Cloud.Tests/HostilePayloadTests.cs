using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

public class HostilePayloadTests
{
    private const string Topic = "dt/methane/alpha/dev-1/telemetry";

    public static TheoryData<string, string, string> Cases => new()
    {
        // payload, expected field path, expected reason
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":"7","timestamp":1,"ch4_ppm":1,"flags":0}""", "seq", "invalid-field" },
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":7,"timestamp":1,"ch4_ppm":"12","flags":0}""", "ch4_ppm", "invalid-field" },
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":7,"timestamp":1,"ch4_ppm":1}""", "flags", "invalid-field" },
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":7,"ch4_ppm":1,"flags":0}""", "timestamp", "invalid-field" },
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":7,"timestamp":1,"ch4_ppm":1e308,"flags":0}""", "ch4_ppm", "invalid-field" },
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":99999999999999999999,"timestamp":1,"ch4_ppm":1,"flags":0}""", "seq", "invalid-field" },
        { """{"v":3,"thing":"dev-1","site":"alpha","seq":7,"timestamp":1,"ch4_ppm":1,"flags":0}""", "v", "invalid-field" },
        { """{"v":1,"thing":"dev-1","site":"alpha","seq":7,"timestamp":1,"ch4_ppm":1,"flags":0,"extra":{"a":{"b":[[[1]]]}}}""", "$", "invalid-payload" },
        { """[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]""", "$", "invalid-payload" },
        { "not json", "$", "invalid-payload" },
        { "", "$", "invalid-payload" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_payload_lands_in_dead_letters_with_field(string payload, string field, string reason)
    {
        using var h = new ProcessorHarness();
        h.Send(Topic, payload);
        h.Processor.Flush();
        Assert.Equal(0, h.Store.Count("readings"));
        Assert.Equal(1, h.Processor.Stats.DeadLetters);
        var row = h.Store.Query("SELECT reason, field, value, expected FROM dead_letters", r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        var (gotReason, gotField, value, expected) = Assert.Single(row);
        Assert.Equal(reason, gotReason);
        Assert.Equal(field, gotField);
        Assert.False(string.IsNullOrEmpty(value));
        Assert.False(string.IsNullOrEmpty(expected));
    }

    [Fact]
    public void Payload_of_128_KB_and_over_is_rejected_with_its_size()
    {
        using var h = new ProcessorHarness();
        // 128 KB + 1 byte: a valid reading padded with spaces past the limit (TelemetrySchema.MaxPayloadBytes = 131072).
        string big = TestData.Reading("alpha", "dev-1", 1, 1) + new string(' ', 131073 - TestData.Reading("alpha", "dev-1", 1, 1).Length);
        h.Send(Topic, big);
        // A 128 KB string value inside a reading: the field is named.
        string hugeField = "{\"v\":1,\"thing\":\"dev-1\",\"site\":\"alpha\",\"seq\":2,\"timestamp\":1,\"ch4_ppm\":1,\"flags\":0,\"fw\":\"" + new string('9', 120_000) + "\"}";
        h.Send(Topic, hugeField);
        h.Processor.Flush();
        var rows = h.Store.Query("SELECT field, value, payload_bytes FROM dead_letters ORDER BY payload_bytes", r => (r.GetString(0), r.GetString(1), r.GetInt32(2)));
        Assert.Equal(2, rows.Count);
        Assert.Equal("fw", rows[0].Item1);
        Assert.True(rows[0].Item2.Length <= 65, "stored value is clipped");
        Assert.Equal(("$", 131073), (rows[1].Item1, rows[1].Item3));
        Assert.Contains("131073", rows[1].Item2);
    }

    [Fact]
    public void Wrong_shape_unknown_topic_and_contradicting_site_are_dead_lettered_and_counted()
    {
        using var h = new ProcessorHarness();
        h.Send("dt/methane/alpha/dev-1/batch", TestData.Reading("alpha", "dev-1", 1, 1));            // object on /batch
        h.Send(Topic, "[" + TestData.Reading("alpha", "dev-1", 1, 1) + "]");                         // array on /telemetry
        h.Send("dt/methane/alpha/dev-1/status", "{}");                                                 // unknown kind
        h.Send(Topic, TestData.Reading("beta", "dev-1", 1, 1));                                        // payload site != topic site
        h.Send("dt/methane/gamma/dev-1/telemetry", TestData.Reading("gamma", "dev-1", 1, 1));          // site not in sites file
        h.Send("dt/methane/alpha/dev-1/batch", "[" + TestData.Reading("alpha", "dev-1", 1, 1) + ",{\"v\":1}]"); // bad element
        h.Processor.Flush();
        Assert.Equal(6, h.Processor.Stats.DeadLetters);
        // The batch's valid first reading is stored; only its bad second element is a dead letter.
        Assert.Equal(1, h.Store.Count("readings"));
        var summary = h.Store.DeadLetterSummary().ToDictionary(s => (s.Reason, s.Field), s => s.Count);
        Assert.Equal(2, summary[("wrong-shape", "$")]);
        Assert.Equal(1, summary[("unexpected-topic", "topic")]);
        Assert.Equal(1, summary[("site-topic-mismatch", "site")]);
        Assert.Equal(1, summary[("unknown-site", "site")]);
        Assert.Single(summary, kv => kv.Key.Reason == "invalid-field" && kv.Key.Field!.StartsWith("[1]", StringComparison.Ordinal));
        Assert.Equal(6, h.Processor.Stats.DeadLetterCounter.ByReason.Values.Sum());
    }
}
