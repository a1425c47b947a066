using Methane.Firmware.Core.Shadow;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// The simulated device's shadow-configurable settings: how often it publishes a reading (drives its main loop) and its low
/// alarm threshold. Ranges as a product would set them: 1 s to 1 h, 1 to 50 %LEL (methane LEL = 5 %vol).
/// </summary>
public sealed class DeviceShadowSettings : ISettingsTable
{
    public const int PublishInterval = 0;
    public const int AlarmLow = 1;

    private static readonly string[] Names = { "publish_interval_s", "alarm_low_lel" };
    private static readonly double[] Min = { 1, 1 };
    private static readonly double[] Max = { 3600, 50 };
    private static readonly bool[] Integer = { true, false };

    private readonly double[] _values = { 60, 10 };

    /// <summary>Raised (under the device's loop lock) when a setting changed.</summary>
    public event Action<int, double>? Changed;

    public int Count => Names.Length;
    public string NameAt(int index) => Names[index];
    public double MinAt(int index) => Min[index];
    public double MaxAt(int index) => Max[index];
    public bool IsIntegerAt(int index) => Integer[index];
    public int DecimalsAt(int index) => 1;
    public double GetAt(int index) => _values[index];

    public string ValidateAll() => null!;

    public void SetAt(int index, double value)
    {
        _values[index] = value;
        Changed?.Invoke(index, value);
    }
}
