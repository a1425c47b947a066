using System.Text;
using System.Text.Json;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Tests;

public class BatchHandlerTests
{
    private static JsonDocument Run(string evt)
    {
        var handler = new BatchEnrichmentHandler(new Enricher(TestData.Sites, new InMemoryDeviceRegistry()));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(evt));
        using var output = new MemoryStream();
        handler.Handle(input, output);
        return JsonDocument.Parse(output.ToArray());
    }

    private static string Event(string topic, string payload) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)), ["topic"] = topic, ["received_ms"] = 42 });

    [Fact]
    public void Batch_is_unnested_and_enriched()
    {
        string batch = "[" + TestData.Reading("alpha", "dev-1", 1, 10, ch4: 6000) + "," + TestData.Reading("alpha", "dev-1", 2, 20, ch4: 12000) + "]";
        using JsonDocument result = Run(Event("dt/methane/alpha/dev-1/batch", batch));
        JsonElement[] readings = result.RootElement.GetProperty("readings").EnumerateArray().ToArray();
        Assert.Equal(2, readings.Length);
        // 6,000 ppm = 12 %LEL (low at alpha); 12,000 ppm = 24 %LEL (high).
        Assert.Equal((12.0, 1), (readings[0].GetProperty("derived_lel_pct").GetDouble(), readings[0].GetProperty("site_alarm").GetInt32()));
        Assert.Equal((24.0, 2), (readings[1].GetProperty("derived_lel_pct").GetDouble(), readings[1].GetProperty("site_alarm").GetInt32()));
        Assert.Equal("Alpha station", readings[0].GetProperty("site_name").GetString());
        Assert.Empty(result.RootElement.GetProperty("dead_letters").EnumerateArray());
    }

    [Theory]
    [InlineData("not json", "invalid-event", "$")]
    [InlineData("""{"payload":"!!!","topic":"dt/methane/alpha/dev-1/batch","received_ms":1}""", "invalid-event", "$")]
    public void Broken_events_are_dead_letters(string evt, string reason, string field)
    {
        using JsonDocument result = Run(evt);
        JsonElement d = Assert.Single(result.RootElement.GetProperty("dead_letters").EnumerateArray().ToArray());
        Assert.Equal((reason, field), (d.GetProperty("reason").GetString(), d.GetProperty("field").GetString()));
        Assert.Empty(result.RootElement.GetProperty("readings").EnumerateArray());
    }

    [Fact]
    public void Bad_batch_element_names_its_index_and_field()
    {
        string batch = "[" + TestData.Reading("alpha", "dev-1", 1, 10) + ",{\"v\":1,\"thing\":\"dev-1\",\"site\":\"alpha\",\"seq\":-5,\"timestamp\":1,\"ch4_ppm\":1,\"flags\":0}]";
        using JsonDocument result = Run(Event("dt/methane/alpha/dev-1/batch", batch));
        JsonElement d = Assert.Single(result.RootElement.GetProperty("dead_letters").EnumerateArray().ToArray());
        Assert.Equal(("invalid-field", "[1].seq", "-5"), (d.GetProperty("reason").GetString(), d.GetProperty("field").GetString(), d.GetProperty("value").GetString()));
    }
}
