using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Testing;

namespace Methane.Integration.Tests.Jobs;

/// <summary>
/// Plays the AWS IoT Jobs service over the real broker with the admin identity, following the Jobs device MQTT API
/// (docs.aws.amazon.com/iot/latest/developerguide/jobs-mqtt-api.html): listens on $aws/things/+/jobs/start-next and
/// …/jobs/+/update; start-next moves the next QUEUED execution to IN_PROGRESS (IN_PROGRESS first) and answers on
/// start-next/accepted with the execution and its document; an update is checked against expectedVersion (VersionMismatch
/// with executionState) and terminal states (TerminalStateReached), bumps versionNumber and echoes clientToken; notify-next
/// goes out whenever the head of a thing's pending list changes. Requests are handled on a worker thread, not the MQTT
/// receive thread.
/// </summary>
public sealed class JobsServiceHarness : IDisposable
{
    public sealed class Job
    {
        public required string Thing;
        public required string Id;
        public required JsonNode Document;
        public string Status = "QUEUED";
        public long Version = 1;
        public JsonObject Details = new();
        public int BumpBeforeNextUpdate;
        public readonly List<(string Status, string? Detail)> History = new() { ("QUEUED", null) };
    }

    private readonly MqttNetTransport _mqtt;
    private readonly BlockingCollection<(string Topic, byte[] Payload)> _inbox = new();
    private readonly Thread _worker;
    private readonly object _gate = new();
    private readonly List<Job> _jobs = new();
    private long _now = 1_790_000_000;

    public int VersionMismatchesSent;
    public int UpdatesAccepted;

    public JobsServiceHarness(MosquittoBroker broker)
    {
        _mqtt = broker.CreateTransport(MosquittoBroker.AdminIdentity);
        _mqtt.MessageReceived += (topic, payload, offset, count) => _inbox.Add((topic, payload.AsSpan(offset, count).ToArray()));
        Check(_mqtt.Connect(MosquittoBroker.AdminIdentity, 30, true, null!, null!), "connect");
        Check(_mqtt.Subscribe("$aws/things/+/jobs/start-next", 1), "subscribe start-next");
        Check(_mqtt.Subscribe("$aws/things/+/jobs/+/update", 1), "subscribe update");
        _worker = new Thread(Work) { IsBackground = true, Name = "jobs service" };
        _worker.Start();
    }

    private static void Check(MqttTransportStatus s, string what)
    {
        if (s != MqttTransportStatus.Ok) throw new InvalidOperationException("jobs harness " + what + ": " + s);
    }

    public Job AddJob(string thing, string id, string documentJson)
    {
        lock (_gate)
        {
            string? before = Head(thing)?.Id;
            var job = new Job { Thing = thing, Id = id, Document = JsonNode.Parse(documentJson)! };
            _jobs.Add(job);
            if (Head(thing)?.Id != before) NotifyNext(thing);
            return job;
        }
    }

    public (string Status, (string Status, string? Detail)[] History, JsonObject Details) Snapshot(string id)
    {
        lock (_gate)
        {
            Job j = _jobs.Single(x => x.Id == id);
            return (j.Status, j.History.ToArray(), (JsonObject)j.Details.DeepClone());
        }
    }

    public bool WaitForStatus(string id, Func<string, bool> done, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (done(Snapshot(id).Status)) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    private void Work()
    {
        foreach ((string topic, byte[] payload) in _inbox.GetConsumingEnumerable())
        {
            string[] parts = topic.Split('/');
            if (parts.Length < 5 || parts[0] != "$aws" || parts[1] != "things" || parts[3] != "jobs") continue;
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(payload)?.AsObject();
            }
            catch (JsonException)
            {
                continue;
            }
            if (body == null) continue;
            lock (_gate)
            {
                _now++;
                if (parts.Length == 5 && parts[4] == "start-next") StartNext(parts[2], body);
                else if (parts.Length == 6 && parts[5] == "update") Update(parts[2], parts[4], body);
            }
        }
    }

    private Job? Head(string thing) =>
        _jobs.FirstOrDefault(j => j.Thing == thing && j.Status == "IN_PROGRESS")
        ?? _jobs.FirstOrDefault(j => j.Thing == thing && j.Status == "QUEUED");

    private void StartNext(string thing, JsonObject request)
    {
        var reply = new JsonObject { ["timestamp"] = _now };
        CopyToken(request, reply);
        Job? job = Head(thing);
        if (job != null)
        {
            if (job.Status == "QUEUED")
            {
                job.Status = "IN_PROGRESS";
                job.Version++;
                job.History.Add(("IN_PROGRESS", null));
            }
            reply["execution"] = Execution(job);
        }
        Reply(thing, "start-next/accepted", reply);
    }

    private void Update(string thing, string jobId, JsonObject request)
    {
        Job? job = _jobs.FirstOrDefault(j => j.Thing == thing && j.Id == jobId);
        string topic = jobId + "/update/";
        if (job == null)
        {
            Reply(thing, topic + "rejected", Error(request, "ResourceNotFound", null));
            return;
        }
        if (job.Status is "SUCCEEDED" or "FAILED" or "REJECTED" or "CANCELED" or "TIMED_OUT" or "REMOVED")
        {
            Reply(thing, topic + "rejected", Error(request, "TerminalStateReached", job));
            return;
        }
        if (job.BumpBeforeNextUpdate > 0)
        {
            // Another actor changed the execution meanwhile: the device's expectedVersion is now stale.
            job.BumpBeforeNextUpdate--;
            job.Version++;
        }
        if (request["expectedVersion"] is JsonNode ev && ev.GetValue<long>() != job.Version)
        {
            VersionMismatchesSent++;
            Reply(thing, topic + "rejected", Error(request, "VersionMismatch", job));
            return;
        }
        string status = request["status"]?.GetValue<string>() ?? "";
        if (status is not ("IN_PROGRESS" or "SUCCEEDED" or "FAILED" or "REJECTED"))
        {
            Reply(thing, topic + "rejected", Error(request, "InvalidRequest", null));
            return;
        }
        string? before = Head(thing)?.Id;
        job.Status = status;
        if (request["statusDetails"] is JsonObject details) job.Details = (JsonObject)details.DeepClone();
        job.Version++;
        UpdatesAccepted++;
        job.History.Add((status, job.Details["reason"]?.GetValue<string>() ?? job.Details["step"]?.GetValue<string>()
            + (job.Details["progress"] is JsonNode p ? " " + p.GetValue<string>() : "")));
        var reply = new JsonObject { ["timestamp"] = _now };
        if (request["includeJobExecutionState"]?.GetValue<bool>() == true) reply["executionState"] = State(job);
        CopyToken(request, reply);
        Reply(thing, topic + "accepted", reply);
        if (Head(thing)?.Id != before) NotifyNext(thing);
    }

    private void NotifyNext(string thing)
    {
        var message = new JsonObject { ["timestamp"] = _now };
        Job? head = Head(thing);
        if (head != null) message["execution"] = Execution(head);
        Reply(thing, "notify-next", message);
    }

    private JsonObject Execution(Job job) => new()
    {
        ["jobId"] = job.Id,
        ["thingName"] = job.Thing,
        ["status"] = job.Status,
        ["statusDetails"] = job.Details.DeepClone(),
        ["queuedAt"] = _now - 100,
        ["startedAt"] = _now,
        ["lastUpdatedAt"] = _now,
        ["versionNumber"] = job.Version,
        ["executionNumber"] = 1,
        ["jobDocument"] = job.Document.DeepClone(),
    };

    private static JsonObject State(Job job) => AwsJobsReplies.ExecutionState(job.Status, job.Details, job.Version);

    private JsonObject Error(JsonObject request, string code, Job? job) =>
        AwsJobsReplies.Error(request, code, "test jobs service", _now, job == null ? null : State(job));

    private static void CopyToken(JsonObject request, JsonObject reply) => AwsJobsReplies.CopyToken(request, reply);

    private void Reply(string thing, string suffix, JsonObject body)
    {
        byte[] payload = Encoding.UTF8.GetBytes(body.ToJsonString());
        _mqtt.Publish("$aws/things/" + thing + "/jobs/" + suffix, payload, 0, payload.Length, 1, out _);
    }

    public void Dispose()
    {
        _inbox.CompleteAdding();
        _worker.Join(TimeSpan.FromSeconds(5));
        _mqtt.Dispose();
    }
}
