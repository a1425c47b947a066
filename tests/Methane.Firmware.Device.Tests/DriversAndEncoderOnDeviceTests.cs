using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Ads1115;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Time;
using nanoFramework.TestFramework;

namespace Methane.Firmware.Device.Tests
{
    /// <summary>
    /// Drivers against recorded chip bytes and the telemetry encoder against a hand-written literal, on the nanoFramework
    /// runtime. Expected values come from the ADS1115 and SHT4x datasheets, not from the code under test.
    /// </summary>
    [TestClass]
    public class DriversAndEncoderOnDeviceTests
    {
        /// <summary>Answers from a byte script and records every byte the driver writes.</summary>
        private sealed class RecordedChip : II2cDevice
        {
            public readonly byte[] Written = new byte[64];
            public int WrittenCount;
            public byte[] ConfigAnswer = new byte[2];
            public byte[] ConversionAnswer = new byte[2];
            public byte[] ReadAnswer = new byte[6];

            public int Address { get { return 0x48; } }

            public I2cStatus Write(byte[] buffer, int offset, int count)
            {
                Record(buffer, offset, count);
                return I2cStatus.Ok;
            }

            public I2cStatus Read(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) buffer[offset + i] = ReadAnswer[i];
                return I2cStatus.Ok;
            }

            public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
            {
                Record(writeBuffer, writeOffset, writeCount);
                byte[] answer = writeBuffer[writeOffset] == 0x01 ? ConfigAnswer : ConversionAnswer;
                for (int i = 0; i < readCount; i++) readBuffer[readOffset + i] = answer[i];
                return I2cStatus.Ok;
            }

            private void Record(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) Written[WrittenCount++] = buffer[offset + i];
            }
        }

        private sealed class SteppingClock : IClock
        {
            private long _uptime;
            public long UptimeMilliseconds { get { return _uptime; } }
            public bool IsWallClockSet { get { return false; } }
            public long EpochMilliseconds { get { return 0; } }
            public void Sleep(int milliseconds) { _uptime += milliseconds; }
        }

        [TestMethod]
        public void Ads1115_single_shot_writes_the_datasheet_config_and_reads_one_volt()
        {
            // Datasheet: config 0xC383 = OS start, AIN0 vs GND, ±4.096 V, single-shot, 128 SPS, comparator off.
            // The chip answers config with OS = 1 (conversion done) and conversion 0x1F40 = 8000 → 8000 × 125 µV = 1.000 V.
            RecordedChip chip = new RecordedChip();
            chip.ConfigAnswer = new byte[] { 0xC3, 0x83 };
            chip.ConversionAnswer = new byte[] { 0x1F, 0x40 };
            Ads1115 adc = new Ads1115(chip, new SteppingClock());

            short raw;
            Assert.AreEqual((int)DeviceStatus.Ok, (int)adc.ReadSingleShot(out raw));
            Assert.AreEqual(0x01, (int)chip.Written[0]);
            Assert.AreEqual(0xC3, (int)chip.Written[1]);
            Assert.AreEqual(0x83, (int)chip.Written[2]);
            Assert.AreEqual(8000, (int)raw);
            Assert.IsTrue(adc.ToVolts(raw) > 0.9999 && adc.ToVolts(raw) < 1.0001);
        }

        [TestMethod]
        public void Sht4x_recorded_measurement_converts_and_a_flipped_bit_is_a_crc_error()
        {
            // Words 0x6666 (= 0.4 × 65535) with CRC-8 0x93 (poly 0x31, init 0xFF):
            // T = −45 + 175 × 0.4 = 25.00 °C, RH = −6 + 125 × 0.4 = 44.00 %.
            RecordedChip chip = new RecordedChip();
            chip.ReadAnswer = new byte[] { 0x66, 0x66, 0x93, 0x66, 0x66, 0x93 };
            Sht4x sht = new Sht4x(chip, new SteppingClock());

            int t;
            int rh;
            Assert.AreEqual((int)DeviceStatus.Ok, (int)sht.Measure(out t, out rh));
            Assert.AreEqual(0xFD, (int)chip.Written[0]);
            Assert.AreEqual(0x6666, t);
            Assert.AreEqual(0x6666, rh);
            double celsius = Sht4xConversion.TemperatureCelsius(t);
            double humidity = Sht4xConversion.RelativeHumidityPercent(rh);
            Assert.IsTrue(celsius > 24.999 && celsius < 25.001);
            Assert.IsTrue(humidity > 43.999 && humidity < 44.001);

            chip.ReadAnswer = new byte[] { 0x66, 0x67, 0x93, 0x66, 0x66, 0x93 };
            Assert.AreEqual((int)DeviceStatus.CrcError, (int)sht.Measure(out t, out rh));
        }

        [TestMethod]
        public void Telemetry_encoder_writes_the_schema_v1_literal()
        {
            // Hand-written from the schema's decimals: ch4 1, lel 3, temp 2, rh 2, vout 6, rs 1, rs_r0 4
            // (2.46912 → 2.469, 23456.78 → 23456.8, 0.61234 → 0.6123); the host suite checks the same literal.
            Reading r = new Reading();
            r.Seq = 42; r.TimestampMs = 1717243200123; r.HasMethane = true; r.Ch4Ppm = 1234.56; r.LelPct = 2.46912;
            r.HasEnvironment = true; r.TemperatureC = 21.5; r.RelativeHumidityPct = 45.25; r.TemperatureTicks = 25000; r.HumidityTicks = 28000;
            r.HasRaw = true; r.AdcRaw = 12000; r.VoutVolts = 1.5; r.RsOhms = 23456.78; r.RsR0 = 0.61234; r.Alarm = AlarmLevel.Low;
            r.Flags = ReadingFlags.Replayed;
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("methane-dev-0001", "site_A-7", "1.4.12"));
            byte[] buffer = new byte[TelemetryEncoder.MaxEncodedLength];
            int length = encoder.Encode(r, buffer, 0, buffer.Length);

            const string expected =
                "{\"v\":1,\"thing\":\"methane-dev-0001\",\"site\":\"site_A-7\",\"seq\":42,\"timestamp\":1717243200123," +
                "\"ch4_ppm\":1234.6,\"lel_pct\":2.469,\"temp_c\":21.50,\"rh_pct\":45.25,\"t_raw\":25000,\"rh_raw\":28000," +
                "\"adc_raw\":12000,\"vout_v\":1.500000,\"rs_ohm\":23456.8,\"rs_r0\":0.6123,\"alarm\":1,\"flags\":32,\"fw\":\"1.4.12\"}";
            Assert.AreEqual(expected.Length, length);
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)buffer[i];
            Assert.AreEqual(expected, new string(chars));
        }
    }
}
