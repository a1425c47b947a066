namespace Methane.Firmware.Host.Demo;

public sealed record DeviceSummary(string Thing, string Site, long Taken, long Received, long Lost, long Duplicated,
    long AlarmsRaised, long AlarmsCleared, long AlarmMessagesRaised, long AlarmMessagesCleared, long Reconnects, int Boots);

public sealed record DemoSummary(IReadOnlyList<DeviceSummary> Devices, bool Observed, bool Drained, double ScenarioSeconds,
    double WallSeconds, long BrokerDenied, long InvalidMessages)
{
    public long Published => Devices.Sum(d => d.Taken);
    public long Received => Devices.Sum(d => d.Received);
    public long Lost => Devices.Sum(d => d.Lost);
    public long Duplicated => Devices.Sum(d => d.Duplicated);
    public long AlarmsRaised => Devices.Sum(d => d.AlarmsRaised);
    public long AlarmsCleared => Devices.Sum(d => d.AlarmsCleared);
    public bool Ok => Observed && Drained && Lost == 0 && InvalidMessages == 0;
}
