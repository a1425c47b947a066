using System.Text.Json.Nodes;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Tests.Ota;
using Xunit;

namespace Methane.Firmware.Core.Tests.Jobs;

public sealed class JobsClientTests
{
    private const string Thing = "board-0042";
    private const string Reboot = "{\"operation\":\"reboot\"}";

    internal sealed class MemoryJobStore : IJobStateStore
    {
        public readonly byte[][] Copies = { Array.Empty<byte>(), Array.Empty<byte>() };

        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, Copies[copy].Length);
            Array.Copy(Copies[copy], 0, buffer, offset, n);
            return n;
        }

        public bool Write(int copy, byte[] data, int offset, int count)
        {
            Copies[copy] = data.AsSpan(offset, count).ToArray();
            return true;
        }
    }

    /// <summary>Records what the client hands over and answers as told.</summary>
    private sealed class Handler : IJobHandler
    {
        public readonly List<(string JobId, JobOperation Operation, int ResumedPhase)> Started = new();
        public readonly List<string> Cancelled = new();
        public Action<JobsClient, string, JobDocument, int>? OnStart;

        public void OnJobStarted(JobsClient client, string jobId, JobDocument document, byte[] documentBuffer, int resumedPhase)
        {
            Started.Add((jobId, document.Operation, resumedPhase));
            OnStart?.Invoke(client, jobId, document, resumedPhase);
        }

        public void OnJobCancelled(JobsClient client, string jobId) => Cancelled.Add(jobId);

        public readonly List<string> Finished = new();

        public void OnJobFinished(JobsClient client, string jobId) => Finished.Add(jobId);
    }

    private sealed class Rig
    {
        public readonly FakeJobsService Service = new(Thing);
        public readonly FakeClock Clock = new();
        public readonly MemoryJobStore Store;
        public readonly Handler Handler = new();
        public JobsClient Client;

        public Rig(MemoryJobStore? store = null)
        {
            Store = store ?? new MemoryJobStore();
            Client = NewClient();
        }

        public JobsClient NewClient()
        {
            var client = new JobsClient(Service, new Topics(Thing, "site-7"), Clock, new JobDocumentValidator("1.4.2", 1_000_000),
                Store, Handler, 4096) { ReplyTimeoutMs = 10_000, RetryDelayMs = 2_000 };
            Service.MessageReceived += client.HandleMessage;
            return client;
        }

        /// <summary>Delivers messages and advances virtual time until nothing moves any more.</summary>
        public void Run(int rounds = 50)
        {
            for (int i = 0; i < rounds; i++)
            {
                Service.Pump();
                Clock.Now += 1_000;
                Client.Poll();
            }
            Service.Pump();
        }

        public List<JsonObject> Updates(string jobId) =>
            Service.Requests.Where(r => r.Topic.EndsWith("/jobs/" + jobId + "/update")).Select(r => r.Body).ToList();
    }

    [Fact]
    public void A_queued_job_goes_queued_in_progress_succeeded_with_expected_version_and_client_token()
    {
        var rig = new Rig();
        rig.Service.AddJob("reboot-1", Reboot);
        rig.Handler.OnStart = (c, id, doc, phase) => c.Finish(JobExecutionStatus.Succeeded, "rebooted");

        Assert.True(rig.Client.OnConnected());
        rig.Run();

        Assert.Contains("$aws/things/board-0042/jobs/notify-next", rig.Service.Subscriptions);
        Assert.Contains("$aws/things/board-0042/jobs/start-next/accepted", rig.Service.Subscriptions);
        Assert.Contains("$aws/things/board-0042/jobs/+/update/+", rig.Service.Subscriptions);
        var job = rig.Service.Get("reboot-1");
        Assert.Equal(new[] { "IN_PROGRESS", "SUCCEEDED" }, job.History.Select(h => h.Status));
        Assert.Equal("SUCCEEDED", job.Status);
        var update = Assert.Single(rig.Updates("reboot-1"));
        // start-next moved the execution from version 1 to 2, so the device must expect 2.
        Assert.Equal(2, update["expectedVersion"]!.GetValue<long>());
        Assert.Equal("SUCCEEDED", update["status"]!.GetValue<string>());
        Assert.Equal("rebooted", update["statusDetails"]!["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(update["clientToken"]!.GetValue<string>()));
        Assert.Equal(JobsClientState.Idle, rig.Client.State);
        Assert.Null(rig.Client.CurrentJobId);
        Assert.Equal(new[] { ("reboot-1", JobOperation.Reboot, -1) }, rig.Handler.Started);
    }

    [Theory]
    [InlineData("{\"operation\":\"ota\",\"version\":\"1.5.0\",\"url\":\"http://h/a\",\"size\":10,\"sha256\":\"" + JobDocumentValidatorTests.Sha + "\"}", "url: not https")]
    [InlineData("{\"operation\":\"ota\",\"version\":\"1.4.0\",\"url\":\"https://h/a\",\"size\":10,\"sha256\":\"" + JobDocumentValidatorTests.Sha + "\"}", "version: not newer than the running firmware (set force: true to allow)")]
    [InlineData("{\"operation\":\"selfdestruct\"}", "operation: unknown (expected ota, reboot or config)")]
    [InlineData("[1,2]", "document: not a JSON object")]
    public void An_invalid_document_is_rejected_with_the_reason_and_never_reaches_the_handler(string document, string reason)
    {
        var rig = new Rig();
        rig.Service.AddJob("bad-1", document);
        rig.Client.OnConnected();
        rig.Run();

        var job = rig.Service.Get("bad-1");
        Assert.Equal("REJECTED", job.Status);
        Assert.Equal(reason, job.Details["reason"]!.GetValue<string>());
        Assert.Empty(rig.Handler.Started);
        Assert.Equal(1, rig.Client.JobsRejected);
    }

    [Fact]
    public void A_document_sent_as_a_json_string_is_decoded_and_validated()
    {
        var rig = new Rig();
        rig.Service.AddJob("cfg-1", "{\"operation\":\"config\",\"config\":{\"publishIntervalS\":30}}", asString: true);
        rig.Handler.OnStart = (c, id, doc, phase) => c.Finish(JobExecutionStatus.Succeeded, "applied");
        rig.Client.OnConnected();
        rig.Run();
        Assert.Equal(JobOperation.Config, Assert.Single(rig.Handler.Started).Operation);
        Assert.Equal("SUCCEEDED", rig.Service.Get("cfg-1").Status);
    }

    [Fact]
    public void Jobs_run_one_at_a_time_and_notify_next_wakes_an_idle_client()
    {
        var rig = new Rig();
        rig.Client.OnConnected();
        rig.Run();
        Assert.Equal(JobsClientState.Idle, rig.Client.State);

        JobsClient? held = null;
        rig.Handler.OnStart = (c, id, doc, phase) => held = c; // finish later
        rig.Service.AddJob("a", Reboot);
        rig.Service.AddJob("b", Reboot);
        rig.Run();
        Assert.Equal(new[] { "a" }, rig.Handler.Started.Select(s => s.JobId));
        Assert.Equal("QUEUED", rig.Service.Get("b").Status);

        held!.Finish(JobExecutionStatus.Failed, "could not");
        rig.Run();
        Assert.Equal(new[] { "a", "b" }, rig.Handler.Started.Select(s => s.JobId));
        Assert.Equal("FAILED", rig.Service.Get("a").Status);
        Assert.Equal("IN_PROGRESS", rig.Service.Get("b").Status);
    }

    [Fact]
    public void Version_mismatch_takes_the_version_from_the_error_and_retries()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        JobsClient? held = null;
        rig.Handler.OnStart = (c, id, doc, phase) => held = c;
        rig.Client.OnConnected();
        rig.Run();
        rig.Service.BumpVersion("j"); // now 3, the device still expects 2
        held!.Finish(JobExecutionStatus.Succeeded, "done");
        rig.Run();

        var updates = rig.Updates("j");
        Assert.Equal(new long[] { 2, 3 }, updates.Select(u => u["expectedVersion"]!.GetValue<long>()));
        Assert.Equal("SUCCEEDED", rig.Service.Get("j").Status);
        Assert.Equal(1, rig.Client.VersionMismatches);
    }

    [Fact]
    public void Version_mismatch_without_state_re_reads_with_start_next_and_retries()
    {
        var rig = new Rig();
        rig.Service.OmitStateOnMismatch = true;
        rig.Service.AddJob("j", Reboot);
        JobsClient? held = null;
        rig.Handler.OnStart = (c, id, doc, phase) => held = c;
        rig.Client.OnConnected();
        rig.Run();
        rig.Service.BumpVersion("j");
        rig.Service.BumpVersion("j"); // 4
        held!.Finish(JobExecutionStatus.Succeeded, "done");
        rig.Run();

        Assert.Equal(new long[] { 2, 4 }, rig.Updates("j").Select(u => u["expectedVersion"]!.GetValue<long>()));
        Assert.Equal("SUCCEEDED", rig.Service.Get("j").Status);
        Assert.Single(rig.Handler.Started); // the re-read did not start the job again
    }

    [Fact]
    public void A_lost_final_reply_is_retried_and_terminal_state_counts_as_done()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        rig.Service.AddJob("k", Reboot);
        rig.Handler.OnStart = (c, id, doc, phase) =>
        {
            if (id == "j")
            {
                rig.Service.DropReplies = 1; // the accepted reply to SUCCEEDED is lost
            }
            c.Finish(JobExecutionStatus.Succeeded, "ok");
        };
        rig.Client.OnConnected();
        rig.Run(80);

        Assert.Equal("SUCCEEDED", rig.Service.Get("j").Status);
        Assert.Equal(2, rig.Updates("j").Count); // sent again after the reply timeout, refused as terminal
        Assert.Empty(rig.Handler.Cancelled);
        Assert.Equal(new[] { "j", "k" }, rig.Handler.Finished);
        Assert.Equal("SUCCEEDED", rig.Service.Get("k").Status);
    }

    [Fact]
    public void A_job_cancelled_while_running_is_reported_to_the_handler()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        rig.Client.OnConnected();
        rig.Run();
        rig.Service.Cancel("j");
        rig.Run();
        Assert.Equal(new[] { "j" }, rig.Handler.Cancelled);
        Assert.Equal(JobsClientState.Idle, rig.Client.State);
        Assert.Null(rig.Client.CurrentJobId);
    }

    [Fact]
    public void Progress_to_a_cancelled_job_is_refused_and_the_handler_told()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        rig.Client.OnConnected();
        rig.Run();
        rig.Service.Get("j").Status = "CANCELED"; // without notify-next
        rig.Client.ReportProgress("download", 30);
        rig.Run();
        Assert.Equal(new[] { "j" }, rig.Handler.Cancelled);
    }

    [Fact]
    public void Progress_updates_carry_step_and_percent_and_are_coalesced_while_one_is_in_flight()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        rig.Client.OnConnected();
        rig.Run();
        rig.Client.ReportProgress("download", 10);
        rig.Client.ReportProgress("download", 20);
        rig.Client.ReportProgress("download", 30);
        rig.Run();
        var updates = rig.Updates("j");
        Assert.Equal(new[] { "10%", "30%" }, updates.Select(u => u["statusDetails"]!["progress"]!.GetValue<string>()));
        Assert.All(updates, u => Assert.Equal("download", u["statusDetails"]!["step"]!.GetValue<string>()));
        Assert.Equal(new long[] { 2, 3 }, updates.Select(u => u["expectedVersion"]!.GetValue<long>()));
    }

    [Fact]
    public void After_a_reboot_the_in_progress_job_resumes_with_its_persisted_phase()
    {
        var rig = new Rig();
        rig.Service.AddJob("reboot-9", Reboot);
        rig.Handler.OnStart = (c, id, doc, phase) =>
        {
            if (phase < 0)
            {
                Assert.True(c.SetPhase(1)); // "reboot issued"; the board goes down without reporting
            }
            else
            {
                c.Finish(JobExecutionStatus.Succeeded, "rebooted");
            }
        };
        rig.Client.OnConnected();
        rig.Run();
        Assert.Equal("IN_PROGRESS", rig.Service.Get("reboot-9").Status);

        // Reboot: a new client over the same persisted store.
        rig.Service.MessageReceived -= rig.Client.HandleMessage;
        rig.Client = rig.NewClient();
        Assert.Equal("reboot-9", rig.Client.CurrentJobId);
        rig.Client.OnConnected();
        rig.Run();

        Assert.Equal(new[] { ("reboot-9", JobOperation.Reboot, -1), ("reboot-9", JobOperation.Reboot, 1) }, rig.Handler.Started);
        Assert.Equal("SUCCEEDED", rig.Service.Get("reboot-9").Status);
        Assert.Equal(new[] { "IN_PROGRESS", "SUCCEEDED" }, rig.Service.Get("reboot-9").History.Select(h => h.Status));
    }

    [Fact]
    public void A_persisted_job_cancelled_during_the_reboot_is_reported_as_cancelled()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        rig.Client.OnConnected();
        rig.Run();
        rig.Service.MessageReceived -= rig.Client.HandleMessage;
        rig.Service.Cancel("j");
        rig.Service.Pump();
        rig.Client = rig.NewClient();
        rig.Client.OnConnected();
        rig.Run();
        Assert.Equal(new[] { "j" }, rig.Handler.Cancelled);
        Assert.Null(rig.Client.CurrentJobId);
    }

    [Fact]
    public void Replies_with_a_foreign_token_or_for_another_thing_are_ignored()
    {
        var rig = new Rig();
        rig.Client.OnConnected();
        rig.Service.Inject("$aws/things/board-0042/jobs/start-next/accepted",
            "{\"clientToken\":\"someone-else\",\"execution\":{\"jobId\":\"x\",\"status\":\"IN_PROGRESS\",\"versionNumber\":2,\"jobDocument\":{\"operation\":\"reboot\"}}}");
        rig.Client.HandleMessage("$aws/things/other-board/jobs/start-next/accepted", new byte[] { (byte)'{', (byte)'}' }, 0, 2);
        rig.Run();
        Assert.Empty(rig.Handler.Started);
        Assert.True(rig.Client.RepliesIgnored >= 1);
        Assert.Equal(JobsClientState.Idle, rig.Client.State);
    }

    [Fact]
    public void Garbage_on_jobs_topics_is_ignored_without_exceptions()
    {
        var rig = new Rig();
        rig.Service.AddJob("j", Reboot);
        rig.Client.OnConnected();
        var rng = new Random(3);
        string[] topics =
        {
            "$aws/things/board-0042/jobs/notify-next", "$aws/things/board-0042/jobs/start-next/accepted",
            "$aws/things/board-0042/jobs/start-next/rejected", "$aws/things/board-0042/jobs/j/update/accepted",
        };
        for (int i = 0; i < 20_000; i++)
        {
            var payload = new byte[rng.Next(0, 80)];
            rng.NextBytes(payload);
            rig.Client.HandleMessage(topics[rng.Next(topics.Length)], payload, 0, payload.Length);
        }
        rig.Handler.OnStart = (c, id, doc, phase) => c.Finish(JobExecutionStatus.Succeeded, "ok");
        rig.Run();
        Assert.Equal("SUCCEEDED", rig.Service.Get("j").Status);
    }
}

public sealed class JobsClientAllocationTests
{
    /// <summary>Records nothing but the last publish, into a buffer allocated once.</summary>
    private sealed class QuietTransport : IMqttTransport
    {
        public readonly byte[] Last = new byte[2048];
        public int LastLength;
        public bool IsConnected => true;
        public event MqttMessageHandler? MessageReceived { add { } remove { } }
        public event MqttDisconnectedHandler? Disconnected { add { } remove { } }
        public event MqttPublishCompletedHandler? PublishCompleted { add { } remove { } }
        public MqttTransportStatus Connect(string c, int k, bool s, string w, byte[] p) => MqttTransportStatus.Ok;
        public void Disconnect() { }
        public MqttTransportStatus Subscribe(string f, int q) => MqttTransportStatus.Ok;

        public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
        {
            packetId = 0;
            Array.Copy(payload, offset, Last, 0, count);
            LastLength = count;
            return MqttTransportStatus.Ok;
        }
    }

    private sealed class NoopHandler : IJobHandler
    {
        public void OnJobStarted(JobsClient client, string jobId, JobDocument document, byte[] documentBuffer, int resumedPhase) { }
        public void OnJobFinished(JobsClient client, string jobId) { }
        public void OnJobCancelled(JobsClient client, string jobId) { }
    }

    [Fact]
    public void Progress_reports_and_their_replies_allocate_nothing()
    {
        var transport = new QuietTransport();
        var clock = new FakeClock();
        var client = new JobsClient(transport, new Topics("board-0042", "site-7"), clock, new JobDocumentValidator("1.4.2", 1_000_000),
            new JobsClientTests.MemoryJobStore(), new NoopHandler(), 1024);
        clock.BootEpoch = 0; // tokens then start at j1
        client.OnConnected(); // start-next with token j1
        var start = System.Text.Encoding.UTF8.GetBytes(
            "{\"clientToken\":\"j1\",\"execution\":{\"jobId\":\"job-1\",\"status\":\"IN_PROGRESS\",\"versionNumber\":2,\"jobDocument\":{\"operation\":\"reboot\"}}}");
        client.HandleMessage("$aws/things/board-0042/jobs/start-next/accepted", start, 0, start.Length);
        Assert.Equal(JobsClientState.Running, client.State);

        // Replies for the tokens the next updates will carry (j2, j3, …), built before measuring.
        const int rounds = 50;
        var replies = Enumerable.Range(2, rounds + 1).Select(t => System.Text.Encoding.UTF8.GetBytes(
            "{\"timestamp\":1,\"clientToken\":\"j" + t + "\",\"executionState\":{\"status\":\"IN_PROGRESS\",\"versionNumber\":" + (t + 1) + "}}")).ToArray();
        const string topic = "$aws/things/board-0042/jobs/job-1/update/accepted";

        client.ReportProgress("download", 1); // warm-up: j2
        client.HandleMessage(topic, replies[0], 0, replies[0].Length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= rounds; i++)
        {
            client.ReportProgress("download", i);
            client.HandleMessage(topic, replies[i], 0, replies[i].Length);
            client.Poll();
        }
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
        Assert.Equal(rounds + 1, client.UpdatesAccepted);
        Assert.Equal(rounds + 3, client.CurrentVersion);
        Assert.Contains("\"progress\":\"50%\"", System.Text.Encoding.UTF8.GetString(transport.Last, 0, transport.LastLength));
    }
}
