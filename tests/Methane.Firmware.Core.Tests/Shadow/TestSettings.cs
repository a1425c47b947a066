using Methane.Firmware.Core.Shadow;

namespace Methane.Firmware.Core.Tests.Shadow;

/// <summary>A settings table like the device's, with its own storage, for testing the shadow alone.</summary>
public sealed class TestSettings : ISettingsTable
{
    private readonly string[] _names = { "publish_interval_s", "sample_interval_s", "alarm_low_lel", "alarm_high_lel", "filter_window" };
    private readonly double[] _min = { 5, 1, 1, 1, 1 };
    private readonly double[] _max = { 3600, 600, 50, 60, 31 };
    private readonly bool[] _integer = { true, true, false, false, true };
    public readonly double[] Values = { 60, 5, 10, 20, 7 };
    public int Sets { get; private set; }

    public int Count => _names.Length;
    public string NameAt(int index) => _names[index];
    public double MinAt(int index) => _min[index];
    public double MaxAt(int index) => _max[index];
    public bool IsIntegerAt(int index) => _integer[index];
    public int DecimalsAt(int index) => 1;
    public double GetAt(int index) => Values[index];
    public void SetAt(int index, double value) { Values[index] = value; Sets++; }
    /// <summary>A cross-field rule for the all-or-nothing tests; null accepts everything.</summary>
    public Func<double[], string?>? Rule { get; set; }
    public string ValidateAll() => Rule?.Invoke(Values)!;
}
