namespace Methane.Firmware.Host.Demo;

public sealed record DeviceSummary(string Thing, string Site, long Taken, long Received, long Lost, long Duplicated,
    long AlarmsRaised, long AlarmsCleared, long AlarmMessagesRaised, long AlarmMessagesCleared, long Reconnects, int Boots,
    string Firmware = "")
{
    /// <summary>Of <see cref="Taken"/>, the samples taken during the scenario; the rest came while the run drained.</summary>
    public long TakenInScenario { get; init; } = -1;
}

/// <summary>What the local cloud pipeline stored of the run (DuckDB + raw archive).</summary>
public sealed record PipelineSummary(string Directory, long MessagesReceived, long ReadingsStored, long AlarmsStored,
    long DuplicatesSkipped, long DeadLetters, long GapsDetected, long OutstandingMissing)
{
    /// <summary>Alarm events in the store's alarm history by kind (raised, cleared, changed, rate_of_rise).</summary>
    public IReadOnlyDictionary<string, long> AlarmEventsByKind { get; init; } = new Dictionary<string, long>();

    public long AlarmEvents(string kind) => AlarmEventsByKind.TryGetValue(kind, out long n) ? n : 0;

    /// <summary>Further summary lines from the pipeline (site geometry, sites without a complete window).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The emission job's 15-minute windows that lie inside the run, per site.</summary>
    public IReadOnlyList<DemoEmissionWindow> Emissions { get; init; } = [];
}

/// <summary>Traffic of one topic kind as the observer saw it.</summary>
public sealed record TopicTrafficSummary(long Messages, long Bytes, long Units5Kb, long Readings);

public sealed record DemoSummary(IReadOnlyList<DeviceSummary> Devices, bool Observed, bool Drained, double ScenarioSeconds,
    double WallSeconds, long BrokerDenied, long InvalidMessages, PipelineSummary? Pipeline = null)
{
    /// <summary>By topic kind (telemetry, batch, alarm, health); empty without an observer.</summary>
    public IReadOnlyDictionary<string, TopicTrafficSummary> Traffic { get; init; } = new Dictionary<string, TopicTrafficSummary>();

    public long Published => Devices.Sum(d => d.Taken);
    public long Received => Devices.Sum(d => d.Received);
    public long Lost => Devices.Sum(d => d.Lost);
    public long Duplicated => Devices.Sum(d => d.Duplicated);
    public long AlarmsRaised => Devices.Sum(d => d.AlarmsRaised);
    public long AlarmsCleared => Devices.Sum(d => d.AlarmsCleared);
    /// <summary>
    /// Every reading arrived; and when the pipeline ran, it stored each one once, stored every raised and cleared alarm as an
    /// alarm event and dead-lettered nothing.
    /// </summary>
    public bool Ok => Observed && Drained && Lost == 0 && InvalidMessages == 0
                      && (Pipeline == null || (Pipeline.ReadingsStored == Published && Pipeline.DeadLetters == 0
                          && Pipeline.AlarmEvents("raised") == AlarmsRaised && Pipeline.AlarmEvents("cleared") == AlarmsCleared));
}
