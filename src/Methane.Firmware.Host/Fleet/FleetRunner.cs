using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Pki;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// One fleet run: broker and observer up, a certificate and a board per device, devices started along the ramp, a measurement
/// window once the fleet is online, then sampling stops and devices get <see cref="FleetOptions.Drain"/> to deliver what they
/// queued. Lost = readings some device took (seq assigned) that the observer never received.
/// </summary>
public sealed class FleetRunner
{
    public const string FirmwareVersion = "1.0.0";
    public const string DefaultBoard = "esp32-devkitc-tgs2611";

    private readonly FleetOptions _options;
    private readonly Action<FleetSnapshot> _progress;
    private readonly Action<string> _note;

    public FleetRunner(FleetOptions options, Action<FleetSnapshot> progress, Action<string> note)
    {
        _options = options;
        _progress = progress;
        _note = note;
    }

    public FleetReport Run(CancellationToken cancel)
    {
        FleetOptions o = _options;
        double loadAtStart = ProcessMeter.LoadAverage();
        // Thousands of TLS handshakes and MQTT sessions (clients, and the embedded broker's side) run on the thread pool; on a
        // busy 2-core machine its slow thread injection stalled a 10,000-device run for a minute. Start it wider.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * o.ConnectThreads + 32), Math.Max(io, 4 * o.ConnectThreads + 32));
        long fdLimit = FileDescriptorLimit.Raise(2L * o.Devices + 4096);
        if (fdLimit >= 0 && fdLimit < o.Devices + 256)
        {
            _note($"warning: open-file limit {fdLimit} is low for {o.Devices} devices (raise it with ulimit -n)");
        }
        string boardPath = BoardPath(o.BoardFile);
        string boardJson = File.ReadAllText(boardPath);
        Scenario scenario = ScenarioLoader.LoadFile(HostPaths.Scenario(o.Scenario));
        int interval = (int)(o.Interval?.TotalSeconds ?? scenario.SampleIntervalSeconds ?? 10);
        _note($"scenario {scenario.Name} ({scenario.File}), sample every {interval} s; board {Path.GetFileName(boardPath)}");
        if (scenario.Events.Any(e => e.Type is ScenarioEventType.BrokerOutage or ScenarioEventType.PowerCut))
        {
            _note("the scenario's broker outages and power cuts are not played in fleet mode (air, leaks, drift and chip faults are)");
        }
        var wall = Stopwatch.StartNew();

        var sites = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < o.Devices; i++) sites[o.ThingName(i)] = o.SiteName(i);
        using FleetBroker broker = FleetBroker.Open(o, sites);
        _note("broker: " + broker.Description);
        var meter = new ProcessMeter(broker.ProcessId);
        using FleetObserver observer = new(Transport(broker, broker.Ca.IssueService(o.Observer)), o.Observer);
        observer.Start();

        var certWatch = Stopwatch.StartNew();
        var devices = new FleetDevice[o.Devices];
        string boardFile = Path.GetFileName(boardPath);
        Parallel.For(0, o.Devices, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            string thing = o.ThingName(i);
            BoardConfig board = BoardLoader.Parse(boardJson, boardFile);
            devices[i] = new FleetDevice(i, thing, o.SiteName(i), board, interval, (int)o.HealthInterval.TotalSeconds,
                scenario, Transport(broker, broker.Ca.IssueDevice(thing)), FirmwareVersion);
        });
        double certSeconds = certWatch.Elapsed.TotalSeconds;
        _note($"{o.Devices} devices built with their certificates in {certSeconds:F1} s");

        var random = new Random(o.Seed);
        long t0 = FleetDeviceClock.RealMilliseconds + 200;
        double slot = 1000.0 / o.RampPerSecond;
        var startAt = new long[o.Devices];
        // Each device starts at a random moment inside its own slot: steady ramp, no two devices in step.
        for (int i = 0; i < o.Devices; i++) startAt[i] = t0 + (long)((i + random.NextDouble()) * slot);

        using var scheduler = new FleetScheduler(devices, startAt, o.TickThreads, o.ConnectThreads);
        var state = new RunState(o, interval, devices, scheduler, observer, meter, wall);
        FleetReport? report = null;
        try
        {
            scheduler.Start();

            // Ramp: until every device has been online once (or the ramp timeout).
            state.Phase = FleetPhase.Ramping;
            var rampEnd = Stopwatch.StartNew();
            while (!cancel.IsCancellationRequested && rampEnd.Elapsed < o.EffectiveRampTimeout)
            {
                FleetSnapshot s = state.Snapshot(o.EffectiveRampTimeout - rampEnd.Elapsed);
                _progress(s);
                if (s.EverOnline == o.Devices) break;
                Wait(cancel, 1000);
            }

            // Measurement window.
            state.Phase = FleetPhase.Measuring;
            long receivedAtStart = observer.Readings;
            observer.InWindow = true;
            var window = Stopwatch.StartNew();
            while (!cancel.IsCancellationRequested && window.Elapsed < o.Duration)
            {
                _progress(state.Snapshot(o.Duration - window.Elapsed));
                Wait(cancel, (int)Math.Min(1000, Math.Max(1, (o.Duration - window.Elapsed).TotalMilliseconds)));
            }
            double windowSeconds = window.Elapsed.TotalSeconds;
            long receivedInWindow = observer.Readings - receivedAtStart;
            observer.InWindow = false;

            // Drain: no new samples; sessions deliver their outboxes, the observer catches up.
            scheduler.StopSampling();
            state.Phase = FleetPhase.Draining;
            Thread.Sleep(50); // lets a tick that started before StopSampling finish its sample
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < o.Drain && !cancel.IsCancellationRequested)
            {
                _progress(state.Snapshot(o.Drain - drain.Elapsed));
                if (state.Delivered()) break;
                Wait(cancel, 250);
            }
            scheduler.Stop();
            // PUBACKs and deliveries already on the wire.
            if (!state.Delivered()) Thread.Sleep(500);
            meter.Sample();
            state.Phase = FleetPhase.Done;
            _progress(state.Snapshot(TimeSpan.Zero));
            report = state.Report(broker, certSeconds, windowSeconds, receivedInWindow, loadAtStart, fdLimit);
        }
        finally
        {
            scheduler.Stop();
            _note("disconnecting the fleet");
            Parallel.ForEach(devices, new ParallelOptions { MaxDegreeOfParallelism = 16 }, d => d?.Dispose());
        }
        return report!;
    }

    private static MqttNetTransportOptions Transport(FleetBroker broker, IssuedCredential credential)
    {
        // On Linux SslStream (OpenSSL) takes the in-memory key as it is; the PKCS#12 round trip of TlsCredentials.ForTls, which
        // Windows needs, costs ~100 ms per certificate on a busy machine (PBKDF2), far too slow for 10,000 devices.
        X509Certificate2 certificate = OperatingSystem.IsWindows() ? TlsCredentials.ForTls(credential.Certificate) : credential.Certificate;
        return new MqttNetTransportOptions(broker.Host, broker.Port, certificate, broker.TrustAnchors)
        {
            // Generous: on a loaded machine a TLS handshake can wait behind thousands of others.
            ConnectTimeout = TimeSpan.FromSeconds(30),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };
    }

    private static void Wait(CancellationToken cancel, int ms) => cancel.WaitHandle.WaitOne(ms);

    /// <summary>The board file: the one given, else boards/esp32-devkitc-tgs2611.json of the repository or next to the program.</summary>
    public static string BoardPath(string? given)
    {
        if (given != null)
        {
            if (!File.Exists(given)) throw new FileNotFoundException("board file not found: " + given, given);
            return given;
        }
        string path = HostPaths.Board(DefaultBoard);
        if (!File.Exists(path)) throw new FileNotFoundException(path + " not found; pass --board FILE", path);
        return path;
    }

    private sealed class RunState(FleetOptions options, int interval, FleetDevice[] devices, FleetScheduler scheduler, FleetObserver observer,
        ProcessMeter meter, Stopwatch wall)
    {
        private long _lastReceived;
        private TimeSpan _lastAt;

        public volatile FleetPhase Phase = FleetPhase.Preparing;

        public FleetSnapshot Snapshot(TimeSpan remaining)
        {
            meter.Sample();
            int started = 0, online = 0, ever = 0;
            long attempts = 0, lost = 0, samples = 0, published = 0, acked = 0;
            foreach (FleetDevice d in devices)
            {
                if (d.StartedAtMs >= 0) started++;
                if (d.IsOnline) online++;
                if (d.OnlineAtMs >= 0) ever++;
                attempts += d.Session.Counters.ConnectAttempts;
                lost += d.Session.Counters.ConnectionsLost;
                samples += d.Loop.SamplesTaken;
                published += d.Session.Counters.ReadingsPublished;
                acked += d.Session.Counters.ReadingsAcked;
            }
            long received = observer.Readings;
            TimeSpan now = wall.Elapsed;
            double rate = now > _lastAt ? (received - _lastReceived) / (now - _lastAt).TotalSeconds : 0;
            _lastReceived = received;
            _lastAt = now;
            return new FleetSnapshot
            {
                Phase = Phase,
                Elapsed = now,
                PhaseRemaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining,
                Devices = devices.Length,
                Started = started,
                Online = online,
                EverOnline = ever,
                ConnectBacklog = scheduler.ConnectBacklog,
                ConnectAttempts = attempts,
                ConnectionsLost = lost,
                Samples = samples,
                ReadingsPublished = published,
                ReadingsAcked = acked,
                Received = received,
                Duplicates = observer.Duplicates,
                ReceivedPerSecond = rate,
                LatencyP50 = observer.Latency.Percentile(0.50),
                LatencyP99 = observer.Latency.Percentile(0.99),
                CpuPercent = meter.RecentCpuPercent,
                WorkingSetBytes = meter.WorkingSetBytes,
                GcHeapBytes = meter.GcHeapBytes,
                BrokerRssBytes = meter.BrokerRssBytes,
                LastEvent = scheduler.TickErrors > 0 ? scheduler.LastTickError : "",
            };
        }

        /// <summary>Every outbox empty and every reading taken seen by the observer.</summary>
        public bool Delivered()
        {
            long expected = 0;
            foreach (FleetDevice d in devices)
            {
                if (d.Loop.Outbox.Count > 0) return false;
                if (d.FirstSeq >= 0) expected += d.LastSeq - d.FirstSeq + 1;
            }
            return observer.Distinct >= expected;
        }

        public FleetReport Report(FleetBroker broker, double certSeconds, double windowSeconds, long receivedInWindow, double loadAtStart, long fdLimit)
        {
            long lost = 0, unexpected = 0, samples = 0, published = 0, messages = 0, acked = 0, dropped = 0;
            long attempts = 0, connLost = 0, reconnects = 0;
            int connected = 0, onlineAtEnd = 0, warnings = 0;
            long firstStart = long.MaxValue, lastOnline = long.MinValue;
            foreach (FleetDevice d in devices)
            {
                lost += observer.Missing(d.Thing, d.FirstSeq, d.LastSeq);
                unexpected += observer.Unexpected(d.Thing, d.FirstSeq, d.LastSeq);
                samples += d.Loop.SamplesTaken;
                published += d.Session.Counters.ReadingsPublished;
                messages += d.Session.Counters.MessagesPublished;
                acked += d.Session.Counters.ReadingsAcked;
                dropped += d.Loop.Outbox.Dropped;
                attempts += d.Session.Counters.ConnectAttempts;
                connLost += d.Session.Counters.ConnectionsLost;
                reconnects += d.Session.Counters.Reconnects;
                warnings += d.Warnings;
                if (d.OnlineAtMs >= 0) connected++;
                if (d.IsOnline) onlineAtEnd++;
                if (d.StartedAtMs >= 0) firstStart = Math.Min(firstStart, d.StartedAtMs);
                lastOnline = Math.Max(lastOnline, d.OnlineAtMs);
            }
            return new FleetReport
            {
                Broker = broker.Description,
                Devices = devices.Length,
                Sites = options.Sites,
                Interval = TimeSpan.FromSeconds(interval),
                Duration = options.Duration,
                TickThreads = scheduler.TickThreadCount,
                ConnectThreads = scheduler.ConnectThreadCount,
                RampPerSecond = options.RampPerSecond,
                CertificateSeconds = certSeconds,
                Connected = connected,
                OnlineAtEnd = onlineAtEnd,
                FleetConnectSeconds = connected == devices.Length ? (lastOnline - firstStart) / 1000.0 : double.NaN,
                ConnectAttempts = attempts,
                ConnectionsLost = connLost,
                Reconnects = reconnects,
                Samples = samples,
                ReadingsPublished = published,
                MessagesPublished = messages,
                ReadingsAcked = acked,
                OutboxDropped = dropped,
                Received = observer.Readings,
                Distinct = observer.Distinct,
                Lost = lost,
                Duplicates = observer.Duplicates,
                Unexpected = unexpected,
                Rejected = observer.Rejected,
                LastRejection = observer.LastRejection,
                HealthReceived = observer.HealthMessages,
                TickErrors = scheduler.TickErrors,
                LastTickError = scheduler.LastTickError,
                DeviceWarnings = warnings,
                WindowReadingsPerSecond = windowSeconds > 0 ? receivedInWindow / windowSeconds : 0,
                WindowSeconds = windowSeconds,
                LatencyCount = observer.WindowLatency.Count,
                LatencyP50 = observer.WindowLatency.Percentile(0.50),
                LatencyP95 = observer.WindowLatency.Percentile(0.95),
                LatencyP99 = observer.WindowLatency.Percentile(0.99),
                LatencyMax = observer.WindowLatency.Max,
                AllLatencyCount = observer.Latency.Count,
                AllLatencyP99 = observer.Latency.Percentile(0.99),
                AllLatencyMax = observer.Latency.Max,
                WallSeconds = wall.Elapsed.TotalSeconds,
                CpuSeconds = meter.CpuSeconds,
                PeakWorkingSetBytes = meter.PeakWorkingSetBytes,
                PeakGcHeapBytes = meter.PeakGcHeapBytes,
                BrokerCpuSeconds = meter.BrokerCpuSeconds,
                BrokerPeakRssBytes = meter.BrokerPeakRssBytes,
                BrokerCounters = broker.Embedded is { } e
                    ? $"{e.Connects} CONNECTs accepted, {e.RefusedConnects} refused, {e.Publishes} publishes, {e.DeniedPublishes} denied, " +
                      $"{e.ThrottledPublishes} throttled, {e.DeniedSubscriptions} subscriptions denied, {e.Deliveries} deliveries, " +
                      $"{e.HandshakeTimeouts} TLS handshakes timed out, {e.OversizedPackets} oversized packets"
                    : null,
                LoadAtStart = loadAtStart,
                LoadAtEnd = ProcessMeter.LoadAverage(),
                FileDescriptorLimit = fdLimit,
            };
        }
    }
}
