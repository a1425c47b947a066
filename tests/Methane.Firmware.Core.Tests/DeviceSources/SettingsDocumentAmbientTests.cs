using System.Text;
using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Device.App.Settings;
using Methane.Firmware.Emulation.Boards;
using Xunit;

namespace Methane.Firmware.Core.Tests.DeviceSources;

/// <summary>The ESP32's settings file keeps an applied ambient coefficient set across reboots, whole or not at all.</summary>
public sealed class SettingsDocumentAmbientTests
{
    private static BoardConfig Board() => BoardLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "boards", "esp32-devkitc-tgs2611.json"));

    private static AmbientCalibration Fitted()
    {
        var c = new AmbientCalibration
        {
            Intercept = 794.632056699, LnRsSlope = -325.995292300, TemperatureSlope = 0.558163216, HumiditySlope = -4.370038973,
            TemperatureSquaredSlope = -0.106289575, TemperatureHumiditySlope = 0.393154071, DriftPerDay = 0.636215996,
            EpochDay = 20465.875, SigmaPpm = 0.19, Fitted = 1,
        };
        c.Checksum = c.ComputeChecksum();
        return c;
    }

    [Fact]
    public void An_applied_set_survives_a_reboot_exactly()
    {
        BoardConfig before = Board();
        before.Ambient.CopyFrom(Fitted());
        var buffer = new byte[SettingsDocument.MaxBytes];
        int length = SettingsDocument.Write(new ConfigTable(before, new DeviceSettings()), new DevicePowerSettings(), buffer);
        Assert.InRange(length, 1, SettingsDocument.MaxBytes);

        BoardConfig after = Board();
        Assert.Equal(0, SettingsDocument.Apply(buffer, 0, length, new ConfigTable(after, new DeviceSettings()), new DevicePowerSettings()));
        Assert.Equal(Fitted().Checksum, after.Ambient.Checksum);
        Assert.Equal(Fitted().LnRsSlope, after.Ambient.LnRsSlope);
        Assert.Null(after.Validate());
    }

    [Fact]
    public void A_tampered_set_is_skipped_whole_and_the_factory_set_stays()
    {
        BoardConfig before = Board();
        before.Ambient.CopyFrom(Fitted());
        var buffer = new byte[SettingsDocument.MaxBytes];
        int length = SettingsDocument.Write(new ConfigTable(before, new DeviceSettings()), new DevicePowerSettings(), buffer);
        string text = Encoding.UTF8.GetString(buffer, 0, length).Replace("\"ambient.lnRsSlope\":-325.995292300", "\"ambient.lnRsSlope\":-300.000000000");
        byte[] tampered = Encoding.UTF8.GetBytes(text);

        BoardConfig after = Board();
        int factory = after.Ambient.Checksum;
        Assert.Equal(11, SettingsDocument.Apply(tampered, 0, tampered.Length, new ConfigTable(after, new DeviceSettings()), new DevicePowerSettings()));
        Assert.Equal(factory, after.Ambient.Checksum);
        Assert.Equal(0, after.Ambient.Fitted);
        Assert.Null(after.Validate());
    }
}
