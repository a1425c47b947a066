using Xunit;

namespace Methane.Firmware.Core.Tests.App;

/// <summary>device.publishIntervalSeconds through the settings table the console and the shadow share: validated, applied by the loop.</summary>
public sealed class PublishIntervalSettingTests
{
    [Fact]
    public void The_loop_batches_by_the_setting_refuses_an_out_of_range_value_and_applies_a_change()
    {
        var rig = new LoopRig();
        int index = rig.Table.IndexOf("device.publishIntervalSeconds");
        Assert.Null(rig.Table.TrySetAt(index, 60));
        rig.Loop.ApplySettings();
        rig.Run(1_000);                                   // the boot reading was queued before the connect: sent at once
        Assert.Single(rig.On("/batch"));
        rig.Run(63_000);                                  // readings at 5, 10, …, 60 s wait for the oldest to have waited 60 s
        Assert.Empty(rig.On("/telemetry"));
        Assert.Single(rig.On("/batch"));
        rig.Run(2_000);                                   // 65 s: 5 … 65 s go out together (v2 readings with the ambient
                                                          // group need more than one ≤ 5 KB message for 13 of them)
        int batches = rig.On("/batch").Count();
        Assert.Equal(13, rig.On("/batch").Skip(1).Sum(m => System.Text.Json.JsonDocument.Parse(m.Payload).RootElement.GetArrayLength()));

        Assert.Equal("device.publishIntervalSeconds = 3601: expected 0 to 3600", rig.Table.TrySetAt(index, 3601));
        Assert.Equal(60, rig.Table.GetAt(index));

        Assert.Null(rig.Table.TrySetAt(index, 0));
        rig.Loop.ApplySettings();
        rig.Run(10_000);
        Assert.Equal(2, rig.On("/telemetry").Count());    // 70 and 75 s, each alone
        Assert.Equal(batches, rig.On("/batch").Count());
    }
}
