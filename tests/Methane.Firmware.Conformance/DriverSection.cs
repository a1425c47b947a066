using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Ads1115;
using Methane.Firmware.Core.Devices.Sht4x;

namespace Methane.Firmware.Conformance
{
    /// <summary>Both drivers against register-level fakes, with every fault they report.</summary>
    public static class DriverSection
    {
        public static void RunAds1115(Transcript t)
        {
            FakeClock clock = new FakeClock();
            FakeAds1115 chip = new FakeAds1115();
            Ads1115 adc = new Ads1115(chip, clock);
            t.Line("config " + Transcript.H(adc.SingleShotConfig, 4) + " reset " + Transcript.H(ConfigRegister.ResetValue, 4));

            short[] raws = { 0, 1, -1, 12345, 16000, 32766, Ads1115.PositiveFullScale, Ads1115.NegativeFullScale };
            for (int i = 0; i < raws.Length; i++)
            {
                chip.NextRaw = raws[i];
                chip.BusyPolls = i % 3;
                long before = clock.UptimeMilliseconds;
                short raw;
                DeviceStatus status = adc.ReadSingleShot(out raw);
                t.Line("read " + Transcript.I(raws[i]) + " status " + Transcript.I((int)status) + " raw " + Transcript.I(raw)
                    + " volts " + Transcript.D(adc.ToVolts(raw)) + " saturated " + Transcript.B(Ads1115.IsSaturated(raw))
                    + " config " + Transcript.Bytes(chip.ConfigWrite, 0, 3) + " last " + Transcript.Bytes(chip.LastWrite, 0, chip.LastWriteCount) + " waited " + Transcript.I(clock.UptimeMilliseconds - before));
            }

            // The config write of a conversion: pointer 0x01 then 0xC383 MSB first (AIN0, ±4.096 V, single-shot, 128 SPS).
            chip.NextRaw = 100;
            chip.BusyPolls = 0;
            short r0;
            adc.ReadSingleShot(0, out r0);
            t.Line("config write AIN0 " + Transcript.Bytes(chip.ConfigWrite, 0, 3));

            MeasuringRange[] ranges = { MeasuringRange.FS6144, MeasuringRange.FS4096, MeasuringRange.FS2048, MeasuringRange.FS1024, MeasuringRange.FS0512, MeasuringRange.FS0256 };
            for (int i = 0; i < ranges.Length; i++)
            {
                t.Line("range " + Transcript.I((int)ranges[i]) + " fsr " + Transcript.D(Ads1115Timing.FullScaleVolts(ranges[i]))
                    + " 0x7FFF " + Transcript.D(Ads1115.ToVolts(32767, ranges[i])) + " -0x8000 " + Transcript.D(Ads1115.ToVolts(-32768, ranges[i])));
            }
            for (int dr = 0; dr < 8; dr++)
            {
                adc.DataRate = (DataRate)dr;
                t.Line("rate " + Transcript.I(dr) + " sps " + Transcript.I(Ads1115Timing.SamplesPerSecond((DataRate)dr))
                    + " wait " + Transcript.I(Ads1115Timing.ConversionWaitMilliseconds((DataRate)dr)) + " config " + Transcript.H(adc.SingleShotConfig, 4));
            }
            adc.DataRate = DataRate.SPS128;
            for (int ch = 0; ch < 4; ch++)
            {
                t.Line("channel " + Transcript.I(ch) + " config " + Transcript.H(adc.SingleShotConfigFor(Ads1115.SingleEnded(ch)), 4));
            }

            I2cStatus[] faults = { I2cStatus.AddressNack, I2cStatus.DataNack, I2cStatus.BusError };
            for (int i = 0; i < faults.Length; i++)
            {
                chip.Fault = faults[i];
                short raw;
                DeviceStatus status = adc.ReadSingleShot(out raw);
                t.Line("fault " + Transcript.I((int)faults[i]) + " status " + Transcript.I((int)status) + " raw " + Transcript.I(raw));
            }
            chip.Fault = I2cStatus.Ok;
            chip.NeverIdle = true;
            long start = clock.UptimeMilliseconds;
            short stuck;
            DeviceStatus timeout = adc.ReadSingleShot(out stuck);
            t.Line("never idle status " + Transcript.I((int)timeout) + " raw " + Transcript.I(stuck) + " waited " + Transcript.I(clock.UptimeMilliseconds - start));
            chip.NeverIdle = false;
        }

        public static void RunSht4x(Transcript t)
        {
            FakeClock clock = new FakeClock();
            FakeSht4x chip = new FakeSht4x();
            Sht4x sensor = new Sht4x(chip, clock);
            int[] temps = { 0, 0x6666, 0x8000, 0xFFFF, 26214, 0x7A1F };
            int[] hums = { 0, 0x5C28, 0x8000, 0xFFFF, 39321, 0x0311 };
            for (int i = 0; i < temps.Length; i++)
            {
                chip.TemperatureTicks = temps[i];
                chip.HumidityTicks = hums[i];
                long before = clock.UptimeMilliseconds;
                int tt, ht;
                DeviceStatus status = sensor.Measure(out tt, out ht);
                t.Line("measure " + Transcript.H(temps[i], 4) + " " + Transcript.H(hums[i], 4) + " status " + Transcript.I((int)status)
                    + " ticks " + Transcript.I(tt) + " " + Transcript.I(ht) + " cmd " + Transcript.H(chip.LastCommand, 2)
                    + " waited " + Transcript.I(clock.UptimeMilliseconds - before)
                    + " T " + Transcript.D(Sht4xConversion.TemperatureCelsius(tt)) + " RH " + Transcript.D(Sht4xConversion.RelativeHumidityPercent(ht))
                    + " mC " + Transcript.I(Sht4xConversion.TemperatureMilliCelsius(tt)) + " m% " + Transcript.I(Sht4xConversion.RelativeHumidityMilliPercent(ht))
                    + " clamped " + Transcript.D(Sht4xConversion.ClampHumidity(Sht4xConversion.RelativeHumidityPercent(ht))));
            }
            Precision[] precisions = { Precision.High, Precision.Medium, Precision.Low };
            for (int i = 0; i < precisions.Length; i++)
            {
                sensor.Precision = precisions[i];
                long before = clock.UptimeMilliseconds;
                int tt, ht;
                sensor.Measure(out tt, out ht);
                t.Line("precision " + Transcript.I((int)precisions[i]) + " cmd " + Transcript.H(chip.LastCommand, 2) + " waited " + Transcript.I(clock.UptimeMilliseconds - before));
            }
            sensor.Precision = Precision.High;

            chip.CorruptCrc = true;
            int t1, h1;
            DeviceStatus crc = sensor.Measure(out t1, out h1);
            t.Line("corrupt crc status " + Transcript.I((int)crc) + " ticks " + Transcript.I(t1) + " " + Transcript.I(h1));
            chip.CorruptCrc = false;

            I2cStatus[] faults = { I2cStatus.AddressNack, I2cStatus.DataNack, I2cStatus.BusError };
            for (int i = 0; i < faults.Length; i++)
            {
                chip.Fault = faults[i];
                int tt, ht;
                DeviceStatus status = sensor.Measure(out tt, out ht);
                t.Line("fault " + Transcript.I((int)faults[i]) + " status " + Transcript.I((int)status));
            }
            chip.Fault = I2cStatus.Ok;

            uint serial;
            DeviceStatus sn = sensor.ReadSerialNumber(out serial);
            t.Line("serial status " + Transcript.I((int)sn) + " " + Transcript.H(serial, 8) + " cmd " + Transcript.H(chip.LastCommand, 2));
            DeviceStatus reset = sensor.SoftReset();
            t.Line("soft reset status " + Transcript.I((int)reset) + " cmd " + Transcript.H(chip.LastCommand, 2));
        }
    }
}
