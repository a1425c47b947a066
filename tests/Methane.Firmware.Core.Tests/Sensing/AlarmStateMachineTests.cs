using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

public sealed class AlarmStateMachineTests
{
    // Fixture: low 10 %LEL, high 20 %LEL, hysteresis 2 %LEL (low clears below 8, high below 18), N = 3.
    private const int N = AlarmLevel.None, L = AlarmLevel.Low, H = AlarmLevel.High;

    private static int[] Run(AlarmStateMachine alarm, params double[] lel) => lel.Select(alarm.Update).ToArray();

    [Fact]
    public void Low_raises_only_on_the_third_consecutive_sample()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        Assert.Equal(new[] { N, N, N, N, N, L }, Run(alarm, 11, 11, 9, 11, 11, 11));
    }

    [Fact]
    public void Low_clears_only_below_threshold_minus_hysteresis_for_three_samples()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        Run(alarm, 12, 12, 12);
        Assert.Equal(L, alarm.Level);
        // 9 and 8 are below 10 but not below 8: the alarm holds.
        Assert.Equal(new[] { L, L, L, L, L }, Run(alarm, 9, 9, 8, 9, 9));
        // 7.9 three times in a row clears; an 8.5 in between restarts the count.
        Assert.Equal(new[] { L, L, L, L, L, N }, Run(alarm, 7.9, 7.9, 8.5, 7.9, 7.9, 7.9));
    }

    [Fact]
    public void High_raises_directly_and_escalates_from_low()
    {
        var direct = new AlarmStateMachine(SensingFixtures.Alarm());
        Assert.Equal(new[] { N, N, H }, Run(direct, 25, 25, 25));

        var stepwise = new AlarmStateMachine(SensingFixtures.Alarm());
        // 15 supports Low only; from the second sample on, 25 supports High: Low after 3 samples, High after 3 of 25.
        Assert.Equal(new[] { N, N, L, H }, Run(stepwise, 15, 25, 25, 25));
    }

    [Fact]
    public void High_falls_to_low_below_18_and_to_none_below_8()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        Run(alarm, 30, 30, 30);
        Assert.Equal(H, alarm.Level);
        Assert.Equal(new[] { H, H, H, H }, Run(alarm, 19, 18, 19, 18));   // inside the high hysteresis band
        Assert.Equal(new[] { H, H, L }, Run(alarm, 17, 17, 17));
        Assert.Equal(new[] { L, L, N }, Run(alarm, 5, 5, 5));

        var drop = new AlarmStateMachine(SensingFixtures.Alarm());
        Run(drop, 30, 30, 30);
        Assert.Equal(new[] { H, H, N }, Run(drop, 5, 5, 5));             // straight to None
    }

    [Fact]
    public void Invalid_samples_hold_the_level_and_restart_confirmation()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        Run(alarm, 11, 11);
        alarm.Hold();
        Assert.Equal(new[] { N, N, L }, Run(alarm, 11, 11, 11));
        Assert.Equal(L, alarm.Update(double.NaN));
        Assert.Equal(new[] { L, L, N }, Run(alarm, 1, 1, 1));
    }

    [Fact]
    public void Reset_inhibits_to_none()
    {
        var alarm = new AlarmStateMachine(SensingFixtures.Alarm());
        Run(alarm, 30, 30, 30);
        alarm.Reset();
        Assert.Equal(N, alarm.Level);
        Assert.Equal(new[] { N, N, H }, Run(alarm, 30, 30, 30));
    }

    [Fact]
    public void Single_sample_confirmation()
    {
        var settings = SensingFixtures.Alarm();
        settings.ConfirmSamples = 1;
        var alarm = new AlarmStateMachine(settings);
        Assert.Equal(new[] { N, L, H, H, L, N }, Run(alarm, 9.99, 10, 20, 18, 17.99, 7.99));
    }
}
