namespace Methane.Broker;

/// <summary>
/// The per-thing topic policy, written once. The embedded broker evaluates it (<see cref="PolicyEvaluator"/>), the
/// Mosquitto ACL is rendered from it (<see cref="MosquittoAcl"/>) and so is the AWS IoT policy document
/// (<see cref="IotPolicyDocument"/>). It mirrors what AWS IoT Core enforces with the project's policy: a device publishes
/// only its four data topics under its registered site, its shadow requests and its job requests — never a service reply
/// topic (…/accepted, …/rejected, …/delta, …/documents, …/notify) — and subscribes only to its own shadow, jobs and command
/// topics.
/// </summary>
public static class DevicePolicy
{
    public static IReadOnlyList<TopicRule> Rules { get; } = new[]
    {
        new TopicRule(TopicAccess.Publish, "dt/methane/{site}/{thing}/telemetry"),
        new TopicRule(TopicAccess.Publish, "dt/methane/{site}/{thing}/batch"),
        new TopicRule(TopicAccess.Publish, "dt/methane/{site}/{thing}/alarm"),
        new TopicRule(TopicAccess.Publish, "dt/methane/{site}/{thing}/health"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/shadow/get"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/shadow/update"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/shadow/delete"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/jobs/get"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/jobs/start-next"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/jobs/{jobId}/get"),
        new TopicRule(TopicAccess.Publish, "$aws/things/{thing}/jobs/{jobId}/update"),
        new TopicRule(TopicAccess.Subscribe, "$aws/things/{thing}/shadow/#"),
        new TopicRule(TopicAccess.Subscribe, "$aws/things/{thing}/jobs/#"),
        new TopicRule(TopicAccess.Subscribe, "cmd/methane/{site}/{thing}/#"),
    };

    /// <summary>AWS IoT Core's message payload limit.</summary>
    public const int MaxPayloadBytes = 128 * 1024;

    /// <summary>
    /// The largest MQTT packet either local broker reads: a full-size payload plus room for the fixed header, a topic of
    /// at most 256 bytes and MQTT 5 properties. A larger packet closes the connection before its body is read.
    /// </summary>
    public const int MaxPacketBytes = MaxPayloadBytes + 512;

    /// <summary>AWS IoT Core: publish requests per second per connection.</summary>
    public const int PublishesPerSecond = 100;

    /// <summary>Connections that have not finished TLS and CONNECT by then are closed.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
}
