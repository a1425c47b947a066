using System.Text.Json.Nodes;

namespace Methane.Testing;

/// <summary>
/// Reply shapes of the AWS IoT Jobs MQTT API (executionState, error replies with clientToken echoed), shared by the in-process
/// fake Jobs service of the core tests and the broker-side Jobs harness of the integration tests.
/// </summary>
public static class AwsJobsReplies
{
    public static JsonObject ExecutionState(string status, JsonNode? details, long versionNumber) => new()
    {
        ["status"] = status,
        ["statusDetails"] = details?.DeepClone(),
        ["versionNumber"] = versionNumber,
    };

    /// <summary>An …/rejected reply: code, message, timestamp, the request's clientToken and, when given, the execution state.</summary>
    public static JsonObject Error(JsonObject request, string code, string source, long timestamp, JsonObject? executionState)
    {
        var e = new JsonObject { ["code"] = code, ["message"] = $"{code} ({source})", ["timestamp"] = timestamp };
        CopyToken(request, e);
        if (executionState != null) e["executionState"] = executionState;
        return e;
    }

    public static void CopyToken(JsonObject request, JsonObject reply)
    {
        if (request["clientToken"] is JsonNode t) reply["clientToken"] = t.DeepClone();
    }
}
