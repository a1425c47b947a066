using System.Diagnostics;
using Methane.Firmware.Emulation.Scenarios;

namespace Methane.Firmware.Host.Simulation;

/// <summary>
/// Moves a set of virtual devices through a scenario on one timeline. Simulated time: the runner advances every board's
/// virtual clock in steps, as fast as <see cref="Speed"/> allows (a 30-minute scenario runs in seconds). Real time: the
/// same steps, paced to the wall clock (Speed = 1).
/// </summary>
public sealed class SimulationRunner(Scenario scenario, IReadOnlyList<VirtualDevice> devices)
{
    /// <summary>Step of virtual time between two ticks of each device.</summary>
    public int StepMilliseconds { get; init; } = 100;

    /// <summary>Virtual seconds per real second; 0 = unpaced (as fast as the CPU and broker go).</summary>
    public double Speed { get; init; } = 60;

    /// <summary>After the scenario ends, keep ticking (in virtual time) until every outbox is empty, at most this long in real time.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Called after each virtual second with the scenario time.</summary>
    public Action<double>? Second { get; init; }

    public double Now { get; private set; }

    public bool Drained { get; private set; }

    public void Run(CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        var player = devices.Count > 0 ? devices[0].Player : new ScenarioPlayer(scenario, 0);
        long end = scenario.DurationSeconds * 1000L;
        long t = 0;
        for (; t <= end && !cancel.IsCancellationRequested; t += StepMilliseconds)
        {
            if (t % 1000 == 0) Second?.Invoke(t / 1000.0);
            Step(t, !player.BrokerDownAt(t / 1000.0));
            if (Speed > 0)
            {
                double ahead = t / Speed - wall.Elapsed.TotalMilliseconds;
                if (ahead > 1) Thread.Sleep((int)ahead);
            }
        }
        foreach (var d in devices) d.MarkScenarioEnd();
        var drain = Stopwatch.StartNew();
        while (!cancel.IsCancellationRequested && drain.Elapsed < DrainTimeout)
        {
            if (devices.All(d => d.Drained))
            {
                Drained = true;
                break;
            }
            // The scenario is over: what the devices hold back for their publish interval goes out now.
            foreach (var d in devices) d.Loop?.Session.Flush();
            Step(t, true);
            t += StepMilliseconds;
            Thread.Sleep(2);   // let PUBACKs arrive in real time
        }
    }

    private void Step(long tMs, bool brokerReachable)
    {
        Now = tMs / 1000.0;
        foreach (var d in devices)
        {
            long behind = tMs - d.Board.Clock.UptimeMilliseconds;
            if (behind > 0) d.Board.Clock.AdvanceMilliseconds(behind);
            d.Tick(Now, brokerReachable);
        }
    }
}
