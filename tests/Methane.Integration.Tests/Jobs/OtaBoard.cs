using System.Net;
using System.Net.Sockets;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Firmware.Host.Adapters.Ota;
using Methane.Firmware.Host.Adapters.Storage;
using Methane.Integration.Tests.EndToEnd;
using Methane.Testing;

namespace Methane.Integration.Tests.Jobs;

/// <summary>
/// A host device that takes OTA jobs, as the host runs one: each boot asks <see cref="HostOtaBoot"/> which slot to run (trial
/// boots counted, rollback), then runs the device loop of that image version — the real <see cref="SessionManager"/> over
/// mTLS to the broker, a file outbox with a synthetic reading every 200 ms, and <see cref="SessionJobs"/> (JobsClient +
/// JobRunner + OtaDownload over <see cref="HttpImageDownloader"/>). A restart request ends the boot and the next boot
/// begins at once. <see cref="Connects"/> decides per version whether that image can reach the broker (a broken image
/// cannot).
/// </summary>
public sealed class OtaBoard : IDisposable
{
    public const long SlotCapacity = 1024 * 1024;
    private const int OutboxRecords = 200;

    private readonly MosquittoBroker _broker;
    private readonly string _folder;
    private readonly string _factoryVersion;
    private readonly object _gate = new();
    private readonly List<string> _boots = new();
    private readonly Thread _thread;
    private volatile bool _stop;

    public OtaBoard(MosquittoBroker broker, string thing, string site, string folder, string factoryVersion, long confirmWindowMs)
    {
        _broker = broker;
        Thing = thing;
        Site = site;
        _folder = folder;
        _factoryVersion = factoryVersion;
        ConfirmWindowMs = confirmWindowMs;
        _thread = new Thread(Run) { IsBackground = true, Name = "board " + thing };
    }

    public string Thing { get; }
    public string Site { get; }
    public long ConfirmWindowMs { get; }
    public Func<string, bool> Connects { get; init; } = _ => true;

    /// <summary>The image version each boot ran, in order.</summary>
    public string[] Boots
    {
        get { lock (_gate) return _boots.ToArray(); }
    }

    public string? LastDownloadError { get; private set; }
    public int RangeResumes { get; private set; }

    public void Start() => _thread.Start();

    private volatile bool _jobSeen;
    private volatile bool _idleAfterJob;

    /// <summary>
    /// Waits until the jobs client, after running a job, is idle again in the same boot (it reported the end, asked
    /// start-next and heard there is no job). False on timeout.
    /// </summary>
    public bool WaitForJobsIdleAfterJob(TimeSpan timeout) => SpinWait.SpinUntil(() => _idleAfterJob, timeout);

    private void Run()
    {
        while (!_stop) BootOnce();
    }

    private void BootOnce()
    {
        var clock = new SystemClock();
        HostOtaBoot boot = HostOtaBoot.Boot(_folder, clock, _factoryVersion, SlotCapacity, maxTrialBoots: 3, confirmWindowMs: ConfirmWindowMs);
        string version = boot.RunningVersion;
        lock (_gate) _boots.Add(version);

        using MqttNetTransport transport = Connects(version) ? _broker.CreateTransport(Thing) : new MqttNetTransport(DeadBroker());
        using var storage = new FileOutboxStorage(Path.Combine(_folder, "outbox.bin"), FirmwarePlatform.RegionBytes(OutboxRecords));
        using var http = new HttpImageDownloader(new(_broker.Pki.CaCertificate()), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var restart = new RestartFlag();
        var platform = new FirmwarePlatform
        {
            Transport = transport,
            Clock = clock,
            Identity = new DeviceIdentity(Thing, Site, version),
            Session = new SessionSettings { KeepAliveSeconds = 30, BackoffBaseMs = 200, BackoffCapMs = 1000, RandomSeed = 0x5eed },
            Ota = boot.Ota,
            Images = boot.Images,
            Downloader = http,
            Restart = restart,
            JobStates = boot.JobStates,
            DownloadChunkBytes = 8192,
        };
        platform.UseRegion(storage, OutboxRecords);
        var firmware = new FirmwareComposition(platform);
        OtaDownload download = firmware.Download!;
        download.InitialRetryDelayMs = 100;
        download.ProgressPercentStep = 25;
        SessionJobs jobs = firmware.Jobs!;
        jobs.Client.ReplyTimeoutMs = 3000;
        jobs.Client.RetryDelayMs = 300;

        var reading = new Reading();
        long nextReading = 0;
        while (!_stop && !restart.Requested)
        {
            long now = clock.UptimeMilliseconds;
            if (now >= nextReading)
            {
                nextReading = now + 200;
                SyntheticReading.Fill(reading, firmware.Sequence.Peek, clock.EpochMilliseconds);
                firmware.Enqueue(reading);
            }
            firmware.Tick();
            if (jobs.Client.State == JobsClientState.Running) _jobSeen = true;
            else if (_jobSeen && jobs.Client.State == JobsClientState.Idle && !restart.Requested) _idleAfterJob = true;
            Thread.Sleep(2);
        }
        if (download.Error != OtaError.None) LastDownloadError = OtaErrorText.Reason(download.Error);
        RangeResumes += http.RangeRequests;
        transport.Disconnect();
    }

    /// <summary>A loopback port nobody listens on: every CONNECT of a broken image fails at once.</summary>
    private MqttNetTransportOptions DeadBroker()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new MqttNetTransportOptions(MosquittoBroker.Host, port, _broker.Pki.ClientCertificate(Thing), new(_broker.Pki.CaCertificate()))
        {
            ConnectTimeout = TimeSpan.FromSeconds(1),
        };
    }

    private sealed class RestartFlag : IDeviceRestart
    {
        public bool Requested;
        public void Restart() => Requested = true;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(20));
    }
}
