using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline.Rules;

namespace Methane.Cloud.Tests.Function;

/// <summary>The fake Runtime API, the fake AWS endpoints and the function process, wired together for one store variant.</summary>
internal sealed class FunctionHarness : IDisposable
{
    public FunctionHarness(string store, IDictionary<string, string?>? env = null)
    {
        Runtime = new FakeLambdaRuntime();
        Aws = new FakeAwsEndpoint();
        Process = new FunctionProcess(Runtime, Aws, store, SitesJson, env);
    }

    /// <summary>The sample sites file, compacted as the stack passes it (SITES_JSON).</summary>
    public static string SitesJson => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sites.json")))!.ToJsonString();

    public FakeLambdaRuntime Runtime { get; }
    public FakeAwsEndpoint Aws { get; }
    public FunctionProcess Process { get; }

    /// <summary>Publishes a batch as a device would: the batch rule's SQL makes the function's event from it.</summary>
    public async Task<InvocationResult> SendBatch(string topic, string payload, long receivedMs)
    {
        JsonNode evt = CloudRuleProjections.BatchFunctionEvent(topic, Encoding.UTF8.GetBytes(payload), receivedMs)
            ?? throw new InvalidOperationException($"{topic} does not reach the batch rule");
        Task<InvocationResult> result = Runtime.Invoke(Encoding.UTF8.GetBytes(evt.ToJsonString()));
        if (await Task.WhenAny(result, Task.Delay(TimeSpan.FromSeconds(60))) != result)
            throw new TimeoutException("no answer from the function; stderr: " + string.Join(" | ", Process.Stderr));
        return await result;
    }

    /// <summary>A schema-v1 reading with every stored field, numbers written as a device's encoder would (invariant, shortest).</summary>
    public static string Reading(string site, string thing, long seq, long timestamp, double ch4, double? lel, double temp, double rh, int alarm, int flags) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{{\"v\":1,\"thing\":\"{thing}\",\"site\":\"{site}\",\"seq\":{seq},\"timestamp\":{timestamp},\"ch4_ppm\":{ch4:R},\"lel_pct\":{(lel is double l ? l.ToString("R", CultureInfo.InvariantCulture) : "null")},\"temp_c\":{temp:F2},\"rh_pct\":{rh:F1},\"alarm\":{alarm},\"flags\":{flags},\"fw\":\"1.4.0\"}}");

    public void Dispose()
    {
        Process.Dispose();
        Runtime.Dispose();
        Aws.Dispose();
    }
}
