using Methane.Testing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Core.Tests.Jobs;

/// <summary>
/// A scripted MQTT transport that plays the AWS IoT Jobs service for one thing, following the Jobs device MQTT API
/// (docs.aws.amazon.com/iot/latest/developerguide/jobs-mqtt-api.html): start-next moves the next QUEUED execution to
/// IN_PROGRESS (IN_PROGRESS ones first) and answers on start-next/accepted with the execution and its document;
/// {jobId}/update checks expectedVersion (VersionMismatch with executionState), refuses updates of terminal executions
/// (TerminalStateReached), bumps versionNumber on every accepted change, and echoes clientToken; notify-next is published
/// whenever the head of the pending list changes. Replies are queued and delivered by <see cref="Pump"/>.
/// </summary>
internal sealed class FakeJobsService : IMqttTransport
{
    public sealed class Job
    {
        public required string Id;
        public required JsonNode? Document;
        public bool DocumentAsString;
        public string Status = "QUEUED";
        public long Version = 1;
        public JsonObject Details = new();
        public readonly List<(string Status, string? Reason, long VersionAfter)> History = new();
    }

    private readonly string _thing;
    private readonly string _prefix;
    private readonly Queue<(string Topic, byte[] Payload)> _outbound = new();
    private long _now = 1_700_000_000;

    public readonly List<Job> Jobs = new();
    public readonly List<string> Subscriptions = new();
    public readonly List<(string Topic, JsonObject Body)> Requests = new();
    public int DropReplies;
    public bool OmitStateOnMismatch;
    public bool Connected = true;

    public FakeJobsService(string thing)
    {
        _thing = thing;
        _prefix = "$aws/things/" + thing + "/jobs/";
    }

    public bool IsConnected => Connected;
    public event MqttMessageHandler? MessageReceived;
    public event MqttDisconnectedHandler? Disconnected { add { } remove { } }
    public event MqttPublishCompletedHandler? PublishCompleted { add { } remove { } }

    public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
    {
        Connected = true;
        return MqttTransportStatus.Ok;
    }

    public void Disconnect() => Connected = false;

    public MqttTransportStatus Subscribe(string topicFilter, int qos)
    {
        Subscriptions.Add(topicFilter);
        return MqttTransportStatus.Ok;
    }

    // ---- operator side ----------------------------------------------------------------------------------------------

    public Job AddJob(string id, string documentJson, bool asString = false)
    {
        string? headBefore = Head()?.Id;
        var job = new Job { Id = id, Document = JsonNode.Parse(documentJson), DocumentAsString = asString };
        Jobs.Add(job);
        if (Head()?.Id != headBefore) NotifyNext();
        return job;
    }

    public void Cancel(string id)
    {
        string? headBefore = Head()?.Id;
        var job = Jobs.Single(j => j.Id == id);
        job.Status = "CANCELED";
        job.Version++;
        job.History.Add(("CANCELED", null, job.Version));
        if (Head()?.Id != headBefore) NotifyNext();
    }

    /// <summary>Another actor (console, a second update) changed the execution: the device's expectedVersion is now stale.</summary>
    public void BumpVersion(string id) => Jobs.Single(j => j.Id == id).Version++;

    public Job Get(string id) => Jobs.Single(j => j.Id == id);

    public void Inject(string topic, string json) => _outbound.Enqueue((topic, Encoding.UTF8.GetBytes(json)));

    /// <summary>Delivers queued replies and notifications (and whatever the device's reactions produce) until quiet.</summary>
    public int Pump(int max = 100)
    {
        int delivered = 0;
        while (_outbound.Count > 0 && delivered < max)
        {
            var (topic, payload) = _outbound.Dequeue();
            if (!Connected) continue;
            delivered++;
            MessageReceived?.Invoke(topic, payload, 0, payload.Length);
        }
        return delivered;
    }

    // ---- service side -----------------------------------------------------------------------------------------------

    public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
    {
        packetId = 0;
        if (!Connected) return MqttTransportStatus.NotConnected;
        var body = JsonNode.Parse(Encoding.UTF8.GetString(payload, offset, count))!.AsObject();
        Requests.Add((topic, body));
        _now++;
        if (topic == _prefix + "start-next")
        {
            StartNext(body);
        }
        else if (topic.StartsWith(_prefix) && topic.EndsWith("/update"))
        {
            Update(topic.Substring(_prefix.Length, topic.Length - _prefix.Length - "/update".Length), body);
        }
        return MqttTransportStatus.Ok;
    }

    private Job? Head() =>
        Jobs.FirstOrDefault(j => j.Status == "IN_PROGRESS") ?? Jobs.FirstOrDefault(j => j.Status == "QUEUED");

    private void StartNext(JsonObject request)
    {
        var reply = new JsonObject { ["timestamp"] = _now };
        CopyToken(request, reply);
        var job = Head();
        if (job != null)
        {
            if (job.Status == "QUEUED")
            {
                job.Status = "IN_PROGRESS";
                job.Version++;
                job.History.Add(("IN_PROGRESS", null, job.Version));
            }
            reply["execution"] = Execution(job);
        }
        Reply("start-next/accepted", reply);
    }

    private void Update(string jobId, JsonObject request)
    {
        var job = Jobs.FirstOrDefault(j => j.Id == jobId);
        string topic = jobId + "/update/";
        if (job == null)
        {
            Reply(topic + "rejected", Error(request, "ResourceNotFound", null));
            return;
        }
        if (job.Status is "SUCCEEDED" or "FAILED" or "REJECTED" or "CANCELED" or "TIMED_OUT" or "REMOVED")
        {
            Reply(topic + "rejected", Error(request, "TerminalStateReached", job));
            return;
        }
        if (request["expectedVersion"] is JsonNode ev && ReadLong(ev) != job.Version)
        {
            Reply(topic + "rejected", Error(request, "VersionMismatch", OmitStateOnMismatch ? null : job));
            return;
        }
        string status = request["status"]?.GetValue<string>() ?? "";
        if (status is not ("IN_PROGRESS" or "SUCCEEDED" or "FAILED" or "REJECTED"))
        {
            Reply(topic + "rejected", Error(request, "InvalidRequest", null));
            return;
        }
        string? headBefore = Head()?.Id;
        job.Status = status;
        if (request["statusDetails"] is JsonObject details)
        {
            job.Details = (JsonObject)details.DeepClone();
        }
        job.Version++;
        job.History.Add((status, job.Details["reason"]?.GetValue<string>() ?? job.Details["progress"]?.GetValue<string>(), job.Version));
        var reply = new JsonObject { ["timestamp"] = _now };
        if (request["includeJobExecutionState"]?.GetValue<bool>() == true)
        {
            reply["executionState"] = State(job);
        }
        CopyToken(request, reply);
        Reply(topic + "accepted", reply);
        if (Head()?.Id != headBefore) NotifyNext();
    }

    private void NotifyNext()
    {
        var message = new JsonObject { ["timestamp"] = _now };
        var head = Head();
        if (head != null) message["execution"] = Execution(head);
        _outbound.Enqueue((_prefix + "notify-next", Encoding.UTF8.GetBytes(message.ToJsonString())));
    }

    private JsonObject Execution(Job job)
    {
        var e = new JsonObject
        {
            ["jobId"] = job.Id,
            ["thingName"] = _thing,
            ["status"] = job.Status,
            ["statusDetails"] = job.Details.DeepClone(),
            ["queuedAt"] = _now - 100,
            ["startedAt"] = _now,
            ["lastUpdatedAt"] = _now,
            ["versionNumber"] = job.Version,
            ["executionNumber"] = 1,
        };
        e["jobDocument"] = job.DocumentAsString ? JsonValue.Create(job.Document!.ToJsonString()) : job.Document?.DeepClone();
        return e;
    }

    private static JsonObject State(Job job) => AwsJobsReplies.ExecutionState(job.Status, job.Details, job.Version);

    private JsonObject Error(JsonObject request, string code, Job? job) =>
        AwsJobsReplies.Error(request, code, "fake service", _now, job == null ? null : State(job));

    private static void CopyToken(JsonObject request, JsonObject reply) => AwsJobsReplies.CopyToken(request, reply);

    private static long ReadLong(JsonNode n) =>
        n.GetValueKind() == JsonValueKind.String ? long.Parse(n.GetValue<string>()) : n.GetValue<long>();

    private void Reply(string suffix, JsonObject body)
    {
        if (DropReplies > 0)
        {
            DropReplies--;
            return;
        }
        _outbound.Enqueue((_prefix + suffix, Encoding.UTF8.GetBytes(body.ToJsonString())));
    }
}
