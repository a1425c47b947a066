using Methane.Firmware.Core.CommandConsole;
using Xunit;

namespace Methane.Firmware.Core.Tests.App;

/// <summary>The console through its own input: lines of text in, reply text out, as a technician types them.</summary>
public sealed class ConsoleInterpreterTests
{
    [Fact]
    public void Help_lists_every_command()
    {
        var rig = new LoopRig();
        string help = rig.Console.Execute("help");
        foreach (var cmd in new[] { "status", "config get", "config set", "calibrate zero", "selftest", "outbox", "reboot", "factory-reset" })
        {
            Assert.Contains(cmd, help);
        }
        Assert.Equal(help, rig.Console.Execute("  HELP  "));
    }

    [Theory]
    [InlineData("frobnicate", "unknown command 'frobnicate'; type 'help' for the commands")]
    [InlineData("status now", "status takes no argument")]
    [InlineData("config", "usage: config get [name] | config set name value")]
    [InlineData("config delete x", "usage: config get [name] | config set name value")]
    [InlineData("config set alarm.lowLelPct", "usage: config set name value")]
    [InlineData("config get alarm.nope", "unknown setting 'alarm.nope'; 'config get' lists them")]
    [InlineData("config set alarm.lowLelPct ten", "not a number: 'ten' (write it like 12.5 or 1e3)")]
    [InlineData("config set alarm.lowLelPct 1,5", "not a number: '1,5' (write it like 12.5 or 1e3)")]
    [InlineData("config set alarm.lowLelPct NaN", "not a number: 'NaN' (write it like 12.5 or 1e3)")]
    [InlineData("calibrate", "usage: calibrate zero   (in clean air)")]
    [InlineData("calibrate span", "usage: calibrate zero   (in clean air)")]
    [InlineData("factory-reset", "factory-reset erases settings, calibration and the outbox: type 'factory-reset yes'")]
    [InlineData("a b c d e f", "too many words; type 'help' for the commands")]
    public void Bad_input_gets_a_one_line_explanation(string line, string expected)
    {
        var rig = new LoopRig();
        string reply = rig.Console.Execute(line);
        Assert.Equal(expected, reply);
        Assert.DoesNotContain('\n', reply);
        Assert.Equal(0, rig.FactoryResets);
    }

    [Fact]
    public void Empty_and_null_lines_answer_nothing()
    {
        var rig = new LoopRig();
        Assert.Equal("", rig.Console.Execute(""));
        Assert.Equal("", rig.Console.Execute("   \t "));
        Assert.Equal("", rig.Console.Execute(null!));
    }

    [Fact]
    public void Config_get_and_set_go_through_the_config_validation()
    {
        var rig = new LoopRig();
        Assert.Equal("alarm.lowLelPct = 10", rig.Console.Execute("config get alarm.lowLelPct"));   // board file value
        Assert.Equal("alarm.lowLelPct = 12.5 (was 10)", rig.Console.Execute("config set alarm.lowLelPct 12.5"));
        Assert.Equal(12.5, rig.Board.Alarm.LowLelPct);

        // 25 %LEL low is above the 20 %LEL high threshold: AlarmSettings.Validate refuses it and nothing changes.
        Assert.Equal("refused, nothing changed: alarm.highLelPct = 20: expected > alarm.lowLelPct (25) and <= 100",
            rig.Console.Execute("config set alarm.lowLelPct 25"));
        Assert.Equal(12.5, rig.Board.Alarm.LowLelPct);

        Assert.Equal("refused, nothing changed: filter.medianWindow = 4: expected an odd number 1 to 15",
            rig.Console.Execute("config set filter.medianWindow 4"));
        Assert.Equal("refused, nothing changed: device.sampleIntervalSeconds = 2.5: expected a whole number", rig.Console.Execute("config set device.sampleIntervalSeconds 2.5"));
        Assert.Equal("device.sampleIntervalSeconds = 2 (was 5)", rig.Console.Execute("config set device.sampleIntervalSeconds 2"));
        Assert.Equal(2, rig.Settings.SampleIntervalSeconds);
        Assert.Contains(rig.Log, l => l.EndsWith("INFO  config device.sampleIntervalSeconds = 2 (was 5)"));

        string all = rig.Console.Execute("config get");
        Assert.Contains("calibration.r0Ohms = 2200", all.Split('\n'));
        Assert.Contains("alarm.lowLelPct = 12.5", all.Split('\n'));
    }

    [Fact]
    public void Calibrate_zero_sets_r0_from_the_clean_air_resistance()
    {
        var rig = new LoopRig();
        Assert.Equal("calibrate zero: no reading yet, wait one sample interval", rig.Console.Execute("calibrate zero"));
        rig.Run(10_000);
        Assert.StartsWith("calibrate zero: sensor still warming up (", rig.Console.Execute("calibrate zero"));

        // The sensor has aged: in clean air it now reads Rs = 13,200 Ω instead of R0·5 = 11,000 Ω.
        rig.SetSensorResistance(13_200);
        rig.Run(150_000);
        string reply = rig.Console.Execute("calibrate zero");
        Assert.StartsWith("calibration.r0Ohms = ", reply);
        // R0 = Rs / (K · cleanAirRsR0) = 13,200 / (1 · 5) = 2,640 Ω; ±2 Ω for ADC (125 µV) and SHT4x quantization.
        Assert.InRange(rig.Board.Calibration.R0Ohms, 2638, 2642);
        Assert.Equal(1.0, rig.Loop.Cycle.Channel.Baseline.Correction);
        rig.Run(90_000);   // median-of-5 and EMA 0.3 settle from the old ~105 ppm
        // Clean air now reads as the curve's clean-air point again: 5000·5^−2.1507 ≈ 157 ppm.
        Assert.InRange(rig.Loop.LastReading.Ch4Ppm, 150, 165);
    }

    [Fact]
    public void Calibrate_zero_refuses_a_result_out_of_range()
    {
        var rig = new LoopRig();
        // A clean-air ratio of 100 and Rs = 9,000 Ω (≈240 ppm on the curve, no alarm) would give R0 = 9,000 / 100 = 90 Ω,
        // below the 100 Ω minimum of MethaneCalibration.Validate.
        Assert.Equal("calibration.cleanAirRsR0 = 100 (was 5)", rig.Console.Execute("config set calibration.cleanAirRsR0 100"));
        rig.SetSensorResistance(9000);
        rig.Run(160_000);
        string reply = rig.Console.Execute("calibrate zero");
        Assert.StartsWith("calibrate zero refused, nothing changed: calibration.r0Ohms = ", reply);
        Assert.Equal(2200, rig.Board.Calibration.R0Ohms);
    }

    [Fact]
    public void Calibrate_zero_refuses_while_an_alarm_is_active()
    {
        var rig = new LoopRig();
        rig.Run(155_000);
        rig.SetSensorResistance(rig.RsForPpm(15_000));
        rig.Run(60_000);
        Assert.Equal("calibrate zero refused: alarm high is active; calibrate only in clean air", rig.Console.Execute("calibrate zero"));
        Assert.Equal(2200, rig.Board.Calibration.R0Ohms);
    }

    [Fact]
    public void Selftest_reports_each_chip()
    {
        var rig = new LoopRig();
        string ok = rig.Console.Execute("selftest");
        var lines = ok.Split('\n');
        Assert.Equal("selftest PASS", lines[0]);
        // Emulator defaults: serial 0x0B1C2D3E; 20 °C / 65 %RH set by the rig.
        Assert.StartsWith("sht4x@0x44 ok serial 0x0B1C2D3E, 20.0", lines[1]);
        // Clean air: Vout = 5·10k/(10k+11k) = 2.381 V, ADC sees 1.190 V → raw = 1.190·32768/4.096 = 9524.
        Assert.Equal("ads1115@0x48 ok AIN0 raw 9524 = 1.1905 V", lines[2]);

        rig.Adc.Absent = true;
        string fail = rig.Console.Execute("selftest");
        Assert.Equal("selftest FAIL", fail.Split('\n')[0]);
        Assert.Equal("ads1115@0x48 FAIL config register: address_nack", fail.Split('\n')[2]);
    }

    [Fact]
    public void Status_and_outbox_report_the_running_firmware()
    {
        var rig = new LoopRig();
        Assert.Contains("no reading yet", rig.Console.Execute("status"));
        rig.Run(20_000);
        string status = rig.Console.Execute("status");
        Assert.Contains("thing dev-1 site site-a fw 1.2.3 board esp32-devkitc-tgs2611", status);
        Assert.Contains("connection online", status);
        Assert.Contains("last reading seq 4: ", status);      // samples at 0, 5, 10, 15, 20 s
        Assert.Contains("warming up", status);
        string outbox = rig.Console.Execute("outbox");
        Assert.StartsWith("outbox pending ", outbox);
        Assert.Contains("next seq 5", outbox);
        Assert.Contains("acked 4", outbox);                   // the 20 s reading's PUBACK is taken on the next tick
    }

    [Fact]
    public void Reboot_and_factory_reset_go_to_the_device_control()
    {
        var rig = new LoopRig();
        Assert.Equal("rebooting", rig.Console.Execute("reboot"));
        Assert.Equal(1, rig.Reboots);
        Assert.Equal("factory reset done, rebooting", rig.Console.Execute("factory-reset YES"));
        Assert.Equal(1, rig.FactoryResets);
    }
}
