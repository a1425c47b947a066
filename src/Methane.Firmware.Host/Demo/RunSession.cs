using System.Collections.Concurrent;
using System.Diagnostics;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Emulation.Time;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Firmware.Host.Jobs;
using Methane.Firmware.Host.Simulation;

namespace Methane.Firmware.Host.Demo;

/// <summary>
/// One virtual device with its serial-monitor console: the firmware's log lines as they happen, and command lines executed
/// by the core's own console interpreter between two firmware ticks. Two host-side commands: <c>wait SECONDS</c> (advance
/// the scenario; in headless mode time moves only through it, so scripts are deterministic) and <c>quit</c>.
/// </summary>
public sealed class RunSession(DemoOptions options, int deviceIndex, TextReader input, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancel = default)
    {
        Scenario scenario = ScenarioLoader.LoadFile(HostPaths.Scenario(options.Scenario));
        var thing = options.Broker != null ? BrokerConnection.ExternalThing(options) : (Thing: $"bench-{deviceIndex:00}", Site: options.Site);
        await using var connection = await BrokerConnection.CreateAsync(options, [thing], Line).ConfigureAwait(false);
        Line(connection.Description);
        Line($"scenario '{scenario.Name}' as device {deviceIndex} ({thing.Thing}, {thing.Site}); type 'help' for the console, 'wait N' to let N s pass" +
             (options.Headless ? "" : ", 'quit' to stop"));
        var clock = new VirtualClock();
        clock.SetWallClock(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        LocalOta? ota = connection.Ota;
        if (ota != null)
        {
            ota.Service.StatusChanged += (t, id, status, details) => Line($"[  jobs   ] {id} on {t}: {status} {details}");
            Line("jobs: 'job ota VERSION' queues an OTA job for this device on the local jobs service");
        }
        using var device = new VirtualDevice(deviceIndex, thing.Thing, thing.Site, HostPaths.Board(options.Board), scenario, clock,
            t => new MqttNetTransport(connection.DeviceOptions(t)),
            ota == null ? null : OtaFolder(thing.Thing), ota?.NewDownloader());
        device.LogLine += (_, line) => Line(line);
        device.Boot();

        var commands = new BlockingCollection<string?>();
        var reader = Task.Run(() =>
        {
            string? l;
            while ((l = input.ReadLine()) != null) commands.Add(l);
            commands.Add(null);
        }, CancellationToken.None);

        const int step = 100;
        long t = 0;
        long waitUntil = options.Headless ? 0 : long.MaxValue;
        var wall = Stopwatch.StartNew();
        double speed = options.Speed <= 0 ? double.PositiveInfinity : options.Speed;
        long wallStartT = 0;
        bool quit = false;
        while (!quit && !cancel.IsCancellationRequested)
        {
            // Commands run between ticks; in headless mode the script is the clock.
            while (options.Headless ? t >= waitUntil : commands.Count > 0)
            {
                string? cmd = commands.Take(cancel);
                if (cmd is null) { quit = true; break; }
                if (options.Headless) Line("> " + cmd);
                string trimmed = cmd.Trim();
                if (trimmed is "quit" or "exit") { quit = true; break; }
                if (trimmed.StartsWith("wait", StringComparison.Ordinal) && (trimmed.Length == 4 || trimmed[4] == ' '))
                {
                    if (!double.TryParse(trimmed[4..].Trim(), System.Globalization.CultureInfo.InvariantCulture, out double s) || s <= 0 || s > 7 * 86400)
                    {
                        Line("usage: wait SECONDS   (scenario time, 0 < SECONDS <= 604800)");
                        continue;
                    }
                    if (options.Headless) waitUntil = t + (long)(s * 1000);
                    else Line("wait only applies to --headless scripts; time is running");
                    break;
                }
                if (trimmed.StartsWith("calibrate apply ", StringComparison.Ordinal))
                {
                    Line(ApplyCalibration(trimmed["calibrate apply ".Length..].Trim()));
                    continue;
                }
                string reply = ota?.Execute(trimmed, [thing.Thing]) ?? device.Console?.Execute(cmd) ?? "(device is powered off)";
                if (reply.Length > 0) Line(reply);
            }
            if (quit) break;

            long behind = t - clock.UptimeMilliseconds;
            if (behind > 0) clock.AdvanceMilliseconds(behind);
            device.Tick(t / 1000.0, !device.Player.BrokerDownAt(t / 1000.0));
            DeliverPendingDelta(device);
            t += step;
            if (!options.Headless && !double.IsInfinity(speed))
            {
                double ahead = (t - wallStartT) / speed - wall.Elapsed.TotalMilliseconds;
                if (ahead > 1) await Task.Delay((int)ahead, CancellationToken.None).ConfigureAwait(false);
            }
            else if (options.Headless && ota != null && ota.Service.HasOpenJobs)
            {
                // A job's replies come over the network in real time: at most 10× real time meanwhile, so the device's
                // reply timeouts (virtual time) do not expire before a loopback answer can arrive.
                await Task.Delay(step / 10, CancellationToken.None).ConfigureAwait(false);
            }
            else if (options.Headless && t % 10_000 == 0)
            {
                await Task.Yield();   // let PUBACKs in between
            }
        }
        device.PowerOff();
        device.Dispose();
        if (_otaRoot != null) _otaRoot.Delete(recursive: true);
        return 0;
    }

    /// <summary>
    /// `calibrate apply FILE`: the coefficient set `calibrate fit` wrote, queued as the shadow delta AWS IoT would send; it is
    /// handed over right after the next firmware tick, when the device's inbound mailbox has just been drained.
    /// </summary>
    private string ApplyCalibration(string file)
    {
        try
        {
            var set = Methane.Calibration.CoefficientsDocument.Read(file);
            _pendingDelta = Methane.Calibration.CoefficientsDocument.Delta(set, ++_shadowVersion);
            return $"shadow delta version {_shadowVersion} from {file} (checksum {set.Checksum}) queued for the device; it logs applied or rejected";
        }
        catch (Methane.Calibration.CalibrationInputException e)
        {
            return "calibrate apply: " + e.Message;
        }
    }

    private void DeliverPendingDelta(VirtualDevice device)
    {
        if (_pendingDelta is null || device.Firmware is null) return;
        long dropped = device.Firmware.Session.Counters.InboundDropped;
        if (device.DeliverShadowDelta(_pendingDelta) && device.Firmware.Session.Counters.InboundDropped == dropped) _pendingDelta = null;
    }

    private long _shadowVersion = 1000;
    private string? _pendingDelta;

    private readonly object _gate = new();

    /// <summary>The board's image slots and OTA/job records, for this session only (it starts from the factory image).</summary>
    private string OtaFolder(string thing)
    {
        _otaRoot ??= Directory.CreateTempSubdirectory("methane-run-");
        return Directory.CreateDirectory(Path.Combine(_otaRoot.FullName, thing)).FullName;
    }

    private DirectoryInfo? _otaRoot;

    private void Line(string text)
    {
        lock (_gate) output.WriteLine(text);
    }
}
