using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;

namespace Methane.Firmware.Host.Jobs;

/// <summary>
/// The AWS IoT Jobs service for the local stack, over the broker with a service identity, following the Jobs device MQTT API
/// (docs.aws.amazon.com/iot/latest/developerguide/jobs-mqtt-api.html): start-next moves the thing's next QUEUED execution
/// to IN_PROGRESS (an IN_PROGRESS one first) and answers with it and its document; an update is checked against
/// expectedVersion (VersionMismatch with executionState) and terminal states (TerminalStateReached), bumps versionNumber and
/// echoes clientToken; notify-next goes out whenever the head of a thing's queue changes. Requests are handled on a worker
/// thread; every status change is reported through <see cref="StatusChanged"/>.
/// </summary>
public sealed class LocalJobsService : IDisposable
{
    public const string ClientId = "methane-jobs";

    private sealed class Job(string thing, string id, JsonNode document)
    {
        public readonly string Thing = thing;
        public readonly string Id = id;
        public readonly JsonNode Document = document;
        public string Status = "QUEUED";
        public long Version = 1;
        public JsonObject Details = new();
    }

    private readonly MqttNetTransport _mqtt;
    private readonly BlockingCollection<(string Topic, byte[] Payload)> _inbox = new();
    private readonly Thread _worker;
    private readonly object _gate = new();
    private readonly List<Job> _jobs = new();

    /// <summary>(thing, job id, status, statusDetails as JSON) after every accepted change.</summary>
    public event Action<string, string, string, string>? StatusChanged;

    public LocalJobsService(MqttNetTransportOptions options)
    {
        _mqtt = new MqttNetTransport(options);
        _mqtt.MessageReceived += (topic, payload, offset, count) => _inbox.Add((topic, payload.AsSpan(offset, count).ToArray()));
        Check(_mqtt.Connect(ClientId, 60, true, null!, null!), "connect");
        Check(_mqtt.Subscribe("$aws/things/+/jobs/start-next", 1), "subscribe start-next");
        Check(_mqtt.Subscribe("$aws/things/+/jobs/+/update", 1), "subscribe update");
        _worker = new Thread(Work) { IsBackground = true, Name = "local jobs service" };
        _worker.Start();
    }

    private void Check(MqttTransportStatus s, string what)
    {
        if (s != MqttTransportStatus.Ok) throw new InvalidOperationException($"jobs service {what}: {s} ({_mqtt.LastError})");
    }

    /// <summary>Queues a job for <paramref name="thing"/>; false when the id is taken.</summary>
    public bool Add(string thing, string jobId, string documentJson)
    {
        lock (_gate)
        {
            if (_jobs.Any(j => j.Id == jobId)) return false;
            string? before = Head(thing)?.Id;
            _jobs.Add(new Job(thing, jobId, JsonNode.Parse(documentJson)!));
            StatusChanged?.Invoke(thing, jobId, "QUEUED", "{}");
            if (Head(thing)?.Id != before) NotifyNext(thing);
            return true;
        }
    }

    /// <summary>Some job is QUEUED or IN_PROGRESS.</summary>
    public bool HasOpenJobs
    {
        get { lock (_gate) return _jobs.Any(j => j.Status is "QUEUED" or "IN_PROGRESS"); }
    }

    /// <summary>The job's status, or null when there is no such job.</summary>
    public string? StatusOf(string jobId)
    {
        lock (_gate) return _jobs.FirstOrDefault(j => j.Id == jobId)?.Status;
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
                body = JsonNode.Parse(payload) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }
            if (body == null) continue;
            lock (_gate)
            {
                if (parts.Length == 5 && parts[4] == "start-next") StartNext(parts[2], body);
                else if (parts.Length == 6 && parts[5] == "update") Update(parts[2], parts[4], body);
            }
        }
    }

    private Job? Head(string thing) =>
        _jobs.FirstOrDefault(j => j.Thing == thing && j.Status == "IN_PROGRESS")
        ?? _jobs.FirstOrDefault(j => j.Thing == thing && j.Status == "QUEUED");

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private void StartNext(string thing, JsonObject request)
    {
        var reply = new JsonObject { ["timestamp"] = Now };
        CopyToken(request, reply);
        Job? job = Head(thing);
        if (job != null)
        {
            if (job.Status == "QUEUED")
            {
                job.Status = "IN_PROGRESS";
                job.Version++;
                StatusChanged?.Invoke(thing, job.Id, job.Status, "{}");
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
        if (request["expectedVersion"] is JsonNode ev && ev.GetValue<long>() != job.Version)
        {
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
        StatusChanged?.Invoke(thing, job.Id, status, job.Details.ToJsonString());
        var reply = new JsonObject { ["timestamp"] = Now };
        if (request["includeJobExecutionState"]?.GetValue<bool>() == true) reply["executionState"] = State(job);
        CopyToken(request, reply);
        Reply(thing, topic + "accepted", reply);
        if (Head(thing)?.Id != before) NotifyNext(thing);
    }

    private void NotifyNext(string thing)
    {
        var message = new JsonObject { ["timestamp"] = Now };
        Job? head = Head(thing);
        if (head != null) message["execution"] = Execution(head);
        Reply(thing, "notify-next", message);
    }

    private static JsonObject Execution(Job job) => new()
    {
        ["jobId"] = job.Id,
        ["thingName"] = job.Thing,
        ["status"] = job.Status,
        ["statusDetails"] = job.Details.DeepClone(),
        ["queuedAt"] = Now,
        ["lastUpdatedAt"] = Now,
        ["versionNumber"] = job.Version,
        ["executionNumber"] = 1,
        ["jobDocument"] = job.Document.DeepClone(),
    };

    private static JsonObject State(Job job) => new()
    {
        ["status"] = job.Status,
        ["statusDetails"] = job.Details.DeepClone(),
        ["versionNumber"] = job.Version,
    };

    private static JsonObject Error(JsonObject request, string code, Job? job)
    {
        var e = new JsonObject { ["code"] = code, ["message"] = code + " (local jobs service)", ["timestamp"] = Now };
        CopyToken(request, e);
        if (job != null) e["executionState"] = State(job);
        return e;
    }

    private static void CopyToken(JsonObject request, JsonObject reply)
    {
        if (request["clientToken"] is JsonNode t) reply["clientToken"] = t.DeepClone();
    }

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
