using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Emulation.Time;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Pki;
using Methane.Firmware.Host.Broker;
using Methane.Firmware.Host.Simulation;

namespace Methane.Firmware.Host.Demo;

/// <summary>
/// The main job: development PKI (generated when absent) → embedded mTLS broker with per-thing policy → a handful of virtual
/// devices on two sites running the real firmware core through a leak scenario → an independent subscriber counting what
/// arrived → a summary. Or the same firmware against an external broker (Mosquitto, AWS IoT Core) with --broker.
/// The pipeline beside the broker comes from <paramref name="pipelineStarter"/> (src/Methane.Demo); without it the demo runs without one.
/// </summary>
public sealed partial class DemoRunner(DemoOptions options, DemoView view, DemoPipelineStarter? pipelineStarter = null)
{
    public async Task<DemoSummary> RunAsync(CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        Scenario scenario = ScenarioLoader.LoadFile(HostPaths.Scenario(options.Scenario));
        string boardFile = HostPaths.Board(options.Board);
        var clock0 = ScenarioStart(scenario, options.Now ?? DateTimeOffset.UtcNow);
        _air = options.Broker == null ? SiteAir.Build(scenario, HostPaths.Sites(), clock0) : new Dictionary<string, SiteAirField>();
        var things = Things();
        view.Banner($"methane demo: scenario '{scenario.Name}' ({scenario.DurationSeconds} s), {things.Count} devices on " +
                    $"{things.Select(t => t.Site).Distinct().Count()} sites, board {options.Board}, " +
                    (options.RealTime ? "real time" : options.Speed > 0 ? $"simulated time x{options.Speed:0}" : "simulated time, unpaced"));
        if (scenario.Description.Length > 0) view.Info(scenario.Description);
        foreach (var (site, field) in _air) view.Info(DescribeAir(scenario, site, field));

        Observer? observer = null;
        IDemoPipeline? pipeline = null;
        await using var connection = await BrokerConnection.CreateAsync(options, things.Select(t => (t.Thing, t.Site)).ToList(), view.Info).ConfigureAwait(false);
        EmbeddedBroker? broker = connection.Broker;
        MqttNetTransportOptions? observerOptions = connection.ObserverOptions;
        view.Info(connection.Description);
        try
        {
            if (observerOptions != null)
            {
                observer = new Observer(observerOptions);
                string? error = observer.Start(observerOptions.ClientCertificate.GetNameInfo(X509NameType.SimpleName, false));
                if (error != null) throw new InvalidOperationException(error);
                view.Info("observer: subscribed to dt/methane/# (counts readings by thing and seq)");
            }

            if (options.Pipeline && pipelineStarter == null && broker != null)
            {
                view.Info("pipeline: not part of methane-host; the demo with the local cloud pipeline is: dotnet run --project src/Methane.Demo -c Release");
            }
            if (options.Pipeline && pipelineStarter != null && connection.PipelineIdentity is { } identity && broker != null)
            {
                string dir = options.PipelineDirectory ?? DefaultPipelineDirectory();
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                Directory.CreateDirectory(dir);
                pipeline = await pipelineStarter(new DemoPipelineEndpoint("127.0.0.1", broker.Port, identity.Ca, identity.Certificate,
                    BrokerConnection.PipelineClientId, dir), cancel).ConfigureAwait(false);
                view.Info("pipeline: " + pipeline.Description);
            }
            _pipeline = pipeline;

            var devices = new List<VirtualDevice>();
            for (int i = 0; i < things.Count; i++)
            {
                var clock = new VirtualClock();
                clock.SetWallClock(clock0.ToUnixTimeMilliseconds());
                bool ota = options.OtaVersion != null && connection.Ota != null;
                var d = new VirtualDevice(i, things[i].Thing, things[i].Site, things[i].Board ?? boardFile, scenario, clock, t => new MqttNetTransport(connection.DeviceOptions(t)),
                    ota ? OtaFolder(things[i].Thing) : null, ota ? connection.Ota!.NewDownloader() : null, options.PublishIntervalSeconds,
                    options.HealthIntervalSeconds, things[i].Board != null ? MetSampleIntervalSeconds : null);
                if (_air.TryGetValue(things[i].Site, out var field)) d.Player.Air = field.For(things[i].Thing);
                d.LogLine += (dev, line) => view.DeviceLine(dev.Thing, line);
                devices.Add(d);
            }

            if (options.OtaVersion != null && connection.Ota is { } localOta)
            {
                localOta.Service.StatusChanged += (thing, id, status, details) => view.DeviceLine(thing, $"[  jobs   ] {id}: {status} {details}");
                view.Info($"jobs: an OTA job to {options.OtaVersion} is queued for every device at t={options.OtaAtSeconds} s");
            }
            var runner = new SimulationRunner(scenario, devices)
            {
                Speed = options.RealTime ? 1 : options.Speed,
                Second = t => OnSecond(t, devices, scenario, connection.Ota, clock0),
            };
            await Task.Run(() => runner.Run(cancel), cancel).ConfigureAwait(false);
            ShowReadings(runner.Now, devices);

            // Give the subscriber a moment to receive the last acknowledged messages.
            var settle = Stopwatch.StartNew();
            while (observer != null && settle.Elapsed < TimeSpan.FromSeconds(5)
                   && devices.Any(d => d.SeqsTaken.Any(s => !observer.For(d.Thing).Has(s))))
            {
                await Task.Delay(50, cancel).ConfigureAwait(false);
            }
            PipelineSummary? stored = null;
            if (pipeline != null)
            {
                await pipeline.DrainAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                await pipeline.DisposeAsync().ConfigureAwait(false);   // flushes the last appender batch and closes the archive
                stored = pipeline.Summary();
                pipeline = null;
                _pipeline = null;
            }
            var summary = Summarize(devices, observer, runner, broker, wall.Elapsed.TotalSeconds) with { Pipeline = stored };
            foreach (var d in devices) d.Dispose();
            return summary;
        }
        finally
        {
            _otaRoot?.Delete(recursive: true);
            observer?.Dispose();
            if (pipeline != null) await pipeline.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void ShowSummary(DemoSummary s)
    {
        view.Table($"summary: {s.ScenarioSeconds:0} s of scenario in {s.WallSeconds:0.0} s", [
            "device", "site", "fw", "published", "received", "lost", "dup", "alarms raised", "cleared", "alarm msgs (r/c)", "reconnects", "boots"],
            s.Devices.Select(d => new[]
            {
                d.Thing, d.Site, d.Firmware, d.Taken.ToString(), s.Observed ? d.Received.ToString() : "-", s.Observed ? d.Lost.ToString() : "-",
                s.Observed ? d.Duplicated.ToString() : "-", d.AlarmsRaised.ToString(), d.AlarmsCleared.ToString(),
                s.Observed ? $"{d.AlarmMessagesRaised}/{d.AlarmMessagesCleared}" : "-", d.Reconnects.ToString(), d.Boots.ToString(),
            }));
        if (s.Pipeline is { } p)
        {
            view.Info($"pipeline: {p.MessagesReceived} messages -> {p.ReadingsStored} readings stored once in DuckDB ({p.DuplicatesSkipped} QoS 1 duplicates skipped), " +
                      $"{p.AlarmsStored} alarm events, {p.DeadLetters} dead letters, {p.GapsDetected} seq gaps ({p.OutstandingMissing} still missing)");
            view.Info($"pipeline: alarms raised {s.AlarmsRaised} -> {p.AlarmEvents("raised")} raised events stored, cleared {s.AlarmsCleared} -> " +
                      $"{p.AlarmEvents("cleared")} stored; also stored: {p.AlarmEvents("changed")} changed, {p.AlarmEvents("rate_of_rise")} rate-of-rise");
            foreach (string note in p.Notes) view.Info("pipeline: " + note);
            foreach (DemoEmissionWindow w in p.Emissions) view.Info("pipeline: " + EmissionLine(w));
            view.Info($"pipeline: charts of this run: dotnet run --project src/Methane.Cloud.Pipeline -- report --db {Path.Combine(p.Directory, "methane.duckdb")} --out {Path.Combine(p.Directory, "report")}");
        }
        string verdict = !s.Observed ? "NOT VERIFIED (no subscriber)"
            : s.Ok ? (s.Pipeline != null ? "OK: every reading arrived and was stored once" : "OK: every reading arrived")
            : $"FAILED: {s.Lost} lost, {s.InvalidMessages} invalid, drained={s.Drained}" +
              (s.Pipeline is { } bad ? $", pipeline stored {bad.ReadingsStored} of {s.Published} readings, {bad.AlarmEvents("raised")} of {s.AlarmsRaised} raised alarms with {bad.DeadLetters} dead letters" : "");
        view.Banner($"total: published {s.Published}, received {s.Received}, lost {s.Lost}, duplicated {s.Duplicated}, " +
                    $"alarms raised {s.AlarmsRaised}, cleared {s.AlarmsCleared}, broker denials {s.BrokerDenied} -> {verdict}");
    }

    private static string DefaultPipelineDirectory() =>
        Path.Combine(HostPaths.RepositoryRoot() ?? AppContext.BaseDirectory, ".run", "demo");

    /// <summary>The gas devices (board from --board), then a met station for every site whose air the scenario models.</summary>
    private List<(string Thing, string Site, string? Board)> Things()
    {
        if (options.Broker != null)
        {
            var (thing, site) = BrokerConnection.ExternalThing(options);
            return [(thing, site, null)];
        }
        int north = (options.Devices + 1) / 2;
        var things = Enumerable.Range(0, options.Devices)
            .Select(i => i < north ? ($"north-{i + 1:00}", "site-north", (string?)null) : ($"south-{i - north + 1:00}", "site-south", (string?)null))
            .ToList();
        foreach (var (site, field) in _air) things.Add((field.Geometry.MetStation.Thing, site, HostPaths.Board(MetBoard)));
        return things;
    }

    private DirectoryInfo? _otaRoot;

    /// <summary>A device's image slots and OTA/job records, for this run only (it starts from the factory image).</summary>
    private string OtaFolder(string thing)
    {
        _otaRoot ??= Directory.CreateTempSubdirectory("methane-demo-");
        return Directory.CreateDirectory(Path.Combine(_otaRoot.FullName, thing)).FullName;
    }

    private void OnSecond(double t, List<VirtualDevice> devices, Scenario scenario, Jobs.LocalOta? ota, DateTimeOffset clock0)
    {
        ShowLiveEmissions(clock0, clock0.AddSeconds(t));
        if (ota != null && options.OtaVersion != null)
        {
            if (options.OtaAtSeconds > t - 1 && options.OtaAtSeconds <= t)
            {
                view.Scenario($"== t={t,5:0} s  operator: job ota {options.OtaVersion} (all devices)");
                foreach (string line in ota.CreateOtaJob(options.OtaVersion, devices.Select(d => d.Thing).ToList()).Split(Environment.NewLine)) view.Info(line);
            }
            // Jobs replies travel in real time: while a job is open, at most 10 simulated seconds per real second so the
            // devices' reply timeouts (simulated time) do not expire before a loopback answer arrives.
            if ((options.Speed <= 0 || options.Speed > 10) && !options.RealTime && ota.Service.HasOpenJobs) Thread.Sleep(100);
        }
        foreach (var e in scenario.Events.Where(e => e.StartSeconds > t - 1 && e.StartSeconds <= t))
        {
            string who = e.Devices is null ? "all devices" : string.Join(", ", e.Devices.Where(i => i < devices.Count).Select(i => devices[i].Thing));
            view.Scenario($"== t={t,5:0} s  scenario: {Describe(e)} ({who})");
        }
        if (t > 0 && t < scenario.DurationSeconds && (long)t % options.TableEverySeconds == 0) ShowReadings(t, devices);
    }

    private static string Describe(ScenarioEvent e) => e.Type switch
    {
        ScenarioEventType.Leak => $"leak, {e.PeakPpm:0} ppm peak after {e.RiseSeconds:0} s, held {e.HoldSeconds:0} s, decays over {e.DecaySeconds:0} s",
        ScenarioEventType.Drift => $"sensor drift {e.RsChangePct:+0;-0} % Rs over {e.DurationSeconds:0} s",
        ScenarioEventType.I2cFault => $"I2C fault on {e.Chip}: {char.ToLowerInvariant(e.Fault.ToString()[0]) + e.Fault.ToString()[1..]} for {e.DurationSeconds:0} s",
        ScenarioEventType.BrokerOutage => $"broker unreachable for {e.DurationSeconds:0} s",
        ScenarioEventType.PowerCut => $"power cut for {e.DurationSeconds:0} s",
        _ => e.Type.ToString(),
    };

    private void ShowReadings(double t, List<VirtualDevice> devices)
    {
        // "ambient ppm": the ambient-range estimate near 2 ppm (what the emission job uses); "wind": a met station's last report.
        view.Table($"readings at t={t:0} s", ["device", "CH4 ppm", "%LEL", "ambient ppm", "wind", "T °C", "RH %", "alarm", "flags", "seq", "outbox", "state"],
            devices.Select(d =>
            {
                var l = d.Loop;
                if (l == null || l.SamplesTaken == 0) return [d.Thing, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", l == null ? "power off" : "booting"];
                Reading r = l.LastReading;
                return new[]
                {
                    d.Thing, r.HasMethane ? r.Ch4Ppm.ToString("0") : "-", r.HasMethane ? r.LelPct.ToString("0.0") : "-",
                    r.HasAmbient && !double.IsNaN(r.AmbientPpm) ? r.AmbientPpm.ToString("0.00") : "-",
                    r.HasWind && !double.IsNaN(r.WindSpeedMs) ? r.WindSpeedMs.ToString("0.0") + " m/s" + (double.IsNaN(r.WindDirectionDeg) ? " calm" : $" from {r.WindDirectionDeg:0}°") : "-",
                    r.HasEnvironment ? r.TemperatureC.ToString("0.0") : "-", r.HasEnvironment ? r.RelativeHumidityPct.ToString("0") : "-",
                    Core.App.StatusText.Alarm(r.Alarm), "0x" + r.Flags.ToString("X3"), r.Seq.ToString(), l.Outbox.Count.ToString(),
                    Core.App.StatusText.Session(l.Session.State),
                };
            }));
    }

    private static DemoSummary Summarize(List<VirtualDevice> devices, Observer? observer, SimulationRunner runner, EmbeddedBroker? broker, double wall)
    {
        var rows = devices.Select(d =>
        {
            var c = observer?.For(d.Thing);
            long received = c?.Unique ?? 0;
            long lost = c == null ? 0 : d.SeqsTaken.Count(s => !c.Has(s));
            return new DeviceSummary(d.Thing, d.Site, d.SeqsTaken.Count, received, lost, c?.Duplicates ?? 0,
                d.AlarmsRaised, d.AlarmsCleared, c?.Raised ?? 0, c?.Cleared ?? 0, d.Reconnects, d.Boots, d.RunningVersion)
                { TakenInScenario = d.TakenInScenario };
        }).ToList();
        long denied = broker == null ? 0 : broker.DeniedPublishes + broker.DeniedSubscriptions + broker.RefusedConnects;
        var traffic = (observer?.Traffic ?? new Dictionary<string, Observer.TopicTraffic>()).ToDictionary(
            k => k.Key, k => new TopicTrafficSummary(Interlocked.Read(ref k.Value.Messages), Interlocked.Read(ref k.Value.Bytes),
                Interlocked.Read(ref k.Value.Units5Kb), Interlocked.Read(ref k.Value.Readings)));
        return new DemoSummary(rows, observer != null, runner.Drained, runner.Now, wall, denied, observer?.InvalidMessages ?? 0) { Traffic = traffic };
    }
}
