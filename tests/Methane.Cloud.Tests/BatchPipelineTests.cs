using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

/// <summary>The local pipeline's batch contract (issue 14): bad elements alone are dead letters; a foreign batch is refused whole.</summary>
public class BatchPipelineTests
{
    private const string Batch = "dt/methane/alpha/dev-a/batch";

    [Fact]
    public void A_batch_with_one_malformed_reading_stores_the_others_and_dead_letters_it_with_field_and_value()
    {
        using var h = new ProcessorHarness();
        string bad = TestData.Reading("alpha", "dev-a", 2, 1_700_000_002_000).Replace("\"ch4_ppm\":100", "\"ch4_ppm\":\"high\"");
        h.Send(Batch, "[" + TestData.Reading("alpha", "dev-a", 1, 1_700_000_001_000) + "," + bad + "," + TestData.Reading("alpha", "dev-a", 3, 1_700_000_003_000) + "]");
        h.Processor.Flush();
        Assert.Equal(new[] { 1L, 3L }, h.Store.Query("SELECT seq FROM readings ORDER BY seq", r => r.GetInt64(0)));
        var (reason, field, value) = Assert.Single(h.Store.Query("SELECT reason, field, value FROM dead_letters", r => (r.GetString(0), r.GetString(1), r.GetString(2))));
        Assert.Equal(("invalid-field", "[1].ch4_ppm", "\"high\""), (reason, field, value));
        // Seq 2 never arrived valid: the tracker reports it missing rather than pretending it was stored.
        Assert.Equal(1, h.Processor.Stats.Seq.OutstandingMissing);
    }

    [Fact]
    public void A_batch_from_thing_b_on_thing_a_topic_is_rejected_whole()
    {
        using var h = new ProcessorHarness();
        // Two of dev-a's own readings and one claiming dev-b: nothing of it is believed.
        h.Send(Batch, "[" + TestData.Reading("alpha", "dev-a", 1, 1_700_000_001_000) + "," + TestData.Reading("alpha", "dev-b", 2, 1_700_000_002_000) + ","
            + TestData.Reading("alpha", "dev-a", 3, 1_700_000_003_000) + "]");
        h.Processor.Flush();
        Assert.Equal(0, h.Store.Count("readings"));
        var (reason, field, value) = Assert.Single(h.Store.Query("SELECT reason, field, value FROM dead_letters", r => (r.GetString(0), r.GetString(1), r.GetString(2))));
        Assert.Equal(("thing-topic-mismatch", "[1].thing", "dev-b"), (reason, field, value));
    }
}
