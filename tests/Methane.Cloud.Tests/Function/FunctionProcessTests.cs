using System.Text.Json;
using Methane.Cloud.Pipeline.Rules;
using Methane.Testing;
using Xunit.Abstractions;

namespace Methane.Cloud.Tests.Function;

/// <summary>The batch function as a process: Runtime API protocol, signed AWS calls, bad input, init errors, cold start.</summary>
public class FunctionProcessTests(ITestOutputHelper output)
{
    private const long T0 = 1_767_225_600_000;

    [Fact]
    public async Task LiveAnalytics_a_batch_with_one_malformed_reading_stores_the_others_and_dead_letters_it()
    {
        using var h = new FunctionHarness("liveanalytics");
        string bad = FunctionHarness.Reading("site-north", "dev-1", 2, T0 + 5000, 5, null, 20, 40, 0, 0).Replace("\"seq\":2", "\"seq\":-2");
        string batch = "[" + FunctionHarness.Reading("site-north", "dev-1", 1, T0, 4.5, null, 20, 40, 0, 0) + "," + bad + ","
            + FunctionHarness.Reading("site-north", "dev-1", 3, T0 + 10_000, 6.25, 0.0125, 20, 40, 0, 0) + "]";
        InvocationResult result = await h.SendBatch("dt/methane/site-north/dev-1/batch", batch, T0 + 60_000);

        Assert.False(result.IsError, result.Text);
        using JsonDocument response = JsonDocument.Parse(result.Body);
        Assert.Equal(2, response.RootElement.GetProperty("readings_stored").GetInt32());
        JsonElement letter = Assert.Single(response.RootElement.GetProperty("dead_letters").EnumerateArray().ToArray());
        Assert.Equal(("invalid-field", "[1].seq", "-2"), (letter.GetProperty("reason").GetString(), letter.GetProperty("field").GetString(), letter.GetProperty("value").GetString()));

        var records = h.Aws.WriteRecords.SelectMany(StorePoints.FromWriteRecords).ToList();
        Assert.Equal(new[] { "1", "3" }, records.Where(r => r.MeasureName == "seq").Select(r => r.MeasureValue).OrderBy(s => s));
        Assert.All(records, r => Assert.Equal(("site-north", "site-north", "dev-1"), (r.Table, r.Site, r.Thing)));
        Assert.Empty(h.Aws.SignatureFailures);
        Assert.Equal(new[] { "DescribeEndpoints", "WriteRecords" }, h.Aws.Calls);
        // The operator sees the letter in the function's log, and the counts as an EMF metric line.
        Assert.Contains(h.Process.Stdout, l => l.Contains("\"level\":\"dead-letter\"") && l.Contains("\"field\":\"[1].seq\"") && l.Contains("\"value\":\"-2\""));
        Assert.Contains(h.Process.Stdout, l => l.Contains("\"CloudWatchMetrics\"") && l.Contains("\"ReadingsStored\":2") && l.Contains("\"DeadLetters\":1"));
        Assert.Empty(h.Runtime.ProtocolErrors);
    }

    [Fact]
    public async Task InfluxDb_a_batch_from_thing_a_on_thing_b_topic_is_rejected_whole()
    {
        using var h = new FunctionHarness("influxdb");
        string batch = "[" + FunctionHarness.Reading("site-north", "dev-b", 1, T0, 4.5, null, 20, 40, 0, 0) + ","
            + FunctionHarness.Reading("site-north", "dev-a", 2, T0 + 5000, 4.5, null, 20, 40, 0, 0) + "]";
        InvocationResult result = await h.SendBatch("dt/methane/site-north/dev-b/batch", batch, T0 + 60_000);

        using JsonDocument response = JsonDocument.Parse(result.Body);
        Assert.Equal(0, response.RootElement.GetProperty("readings_stored").GetInt32());
        JsonElement letter = Assert.Single(response.RootElement.GetProperty("dead_letters").EnumerateArray().ToArray());
        Assert.Equal(("thing-topic-mismatch", "[1].thing", "dev-a"), (letter.GetProperty("reason").GetString(), letter.GetProperty("field").GetString(), letter.GetProperty("value").GetString()));
        Assert.Empty(h.Aws.Published);
        Assert.Contains(h.Process.Stdout, l => l.Contains("\"BatchesRejected\":1"));
    }

    [Fact]
    public async Task A_bad_environment_is_reported_as_an_init_error_and_the_process_exits()
    {
        using var h = new FunctionHarness("influxdb", new Dictionary<string, string?> { ["STORE"] = "dynamodb" });
        Task<InvocationResult> init = h.Runtime.InitError.Task;
        Assert.Same(init, await Task.WhenAny(init, Task.Delay(TimeSpan.FromSeconds(60))));
        InvocationResult error = await init;
        Assert.Equal("Runtime.InitError", error.ErrorType);
        using JsonDocument body = JsonDocument.Parse(error.Body);
        Assert.Equal("environment STORE = 'dynamodb': expected influxdb or liveanalytics", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.True(h.Process.WaitForExit(TimeSpan.FromSeconds(30), out int code));
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Store_failure_is_an_invocation_error_so_lambda_retries_it()
    {
        // An endpoint that does not answer AWS's way (here: a closed port) must fail the invocation, not drop the batch.
        using var h = new FunctionHarness("liveanalytics", new Dictionary<string, string?> { ["TIMESTREAM_ENDPOINT"] = "http://127.0.0.1:9" });
        InvocationResult result = await h.SendBatch("dt/methane/site-north/dev-1/batch", "[" + FunctionHarness.Reading("site-north", "dev-1", 1, T0, 4.5, null, 20, 40, 0, 0) + "]", T0);
        Assert.True(result.IsError);
        using JsonDocument body = JsonDocument.Parse(result.Body);
        Assert.Equal("HttpRequestException", body.RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_refused_and_the_invocation_fails()
    {
        // The fake endpoint recomputes every signature: a wrong key must not get through (and must not be dropped silently).
        using var h = new FunctionHarness("influxdb", new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "not-the-secret" });
        InvocationResult result = await h.SendBatch("dt/methane/site-north/dev-1/batch", "[" + FunctionHarness.Reading("site-north", "dev-1", 1, T0, 4.5, null, 20, 40, 0, 0) + "]", T0);
        Assert.True(result.IsError);
        Assert.Contains("HTTP 403", result.Text);
        Assert.Equal("DescribeEndpoint: signature does not match the request as received", Assert.Single(h.Aws.SignatureFailures));
        Assert.Empty(h.Aws.Published);
    }

    [Fact]
    public async Task Cold_start_and_warm_invocation_figures()
    {
        using var h = new FunctionHarness("influxdb");
        string batch = "[" + FunctionHarness.Reading("site-north", "dev-1", 1, T0, 4.5, null, 20, 40, 0, 0) + "]";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await h.SendBatch("dt/methane/site-north/dev-1/batch", batch, T0);
        long first = watch.ElapsedMilliseconds;
        long toNext = h.Runtime.FirstNextAfterStartMs;
        watch.Restart();
        const int Warm = 20;
        for (int i = 0; i < Warm; i++) await h.SendBatch("dt/methane/site-north/dev-1/batch", batch.Replace("\"seq\":1", $"\"seq\":{i + 2}"), T0);
        double warm = watch.Elapsed.TotalMilliseconds / Warm;
        Assert.True(toNext > 0);
        Assert.Equal(Warm + 1, h.Aws.Published.Count);
        string kind = Environment.GetEnvironmentVariable("METHANE_FUNCTION_BOOTSTRAP") == null ? "build output" : "METHANE_FUNCTION_BOOTSTRAP";
        TestFigures.Report($"batch function ({kind}): process start to first GET next {toNext} ms; first invocation answered after {first} ms " +
            $"(incl. DescribeEndpoint + Publish); warm invocation {warm:F1} ms mean over {Warm}", output.WriteLine);
    }
}
