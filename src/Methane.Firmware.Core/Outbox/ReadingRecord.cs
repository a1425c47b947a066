using System;
using Methane.Firmware.Core.Integrity;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Outbox
{
    /// <summary>
    /// Compact binary form of a <see cref="Reading"/> for the outbox (little-endian, doubles as IEEE-754 bits so a replayed
    /// reading re-encodes to exactly the same JSON numbers). Absent groups take no space.
    /// Layout: presence u8 | seq i64 | timestamp i64 | flags u32 | alarm u8 | [ch4 f64, lel f64] | [temp f64, rh f64,
    /// tTicks u16, hTicks u16] | [adcRaw i32, vout f64, rs f64, rsR0 f64].
    /// </summary>
    public static class ReadingRecord
    {
        public const int MaxLength = 22 + 16 + 20 + 28;

        private const int HasMethaneBit = 1;
        private const int HasEnvironmentBit = 2;
        private const int HasRawBit = 4;

        /// <summary>The seq of a record already checked by its CRC (it follows the one-byte presence mask).</summary>
        public static long ReadSeq(byte[] b, int offset)
        {
            return ByteOrder.ReadInt64(b, offset + 1);
        }

        /// <summary>Writes the record at <paramref name="offset"/> and returns its length (≤ <see cref="MaxLength"/>).</summary>
        public static int Write(Reading r, byte[] b, int offset)
        {
            int p = offset;
            int presence = (r.HasMethane ? HasMethaneBit : 0) | (r.HasEnvironment ? HasEnvironmentBit : 0) | (r.HasRaw ? HasRawBit : 0);
            b[p++] = (byte)presence;
            ByteOrder.WriteInt64(b, p, r.Seq); p += 8;
            ByteOrder.WriteInt64(b, p, r.TimestampMs); p += 8;
            ByteOrder.WriteUInt32(b, p, (uint)r.Flags); p += 4;
            b[p++] = (byte)r.Alarm;
            if (r.HasMethane)
            {
                WriteDouble(b, p, r.Ch4Ppm); p += 8;
                WriteDouble(b, p, r.LelPct); p += 8;
            }
            if (r.HasEnvironment)
            {
                WriteDouble(b, p, r.TemperatureC); p += 8;
                WriteDouble(b, p, r.RelativeHumidityPct); p += 8;
                ByteOrder.WriteUInt16(b, p, r.TemperatureTicks); p += 2;
                ByteOrder.WriteUInt16(b, p, r.HumidityTicks); p += 2;
            }
            if (r.HasRaw)
            {
                ByteOrder.WriteUInt32(b, p, (uint)r.AdcRaw); p += 4;
                WriteDouble(b, p, r.VoutVolts); p += 8;
                WriteDouble(b, p, r.RsOhms); p += 8;
                WriteDouble(b, p, r.RsR0); p += 8;
            }
            return p - offset;
        }

        /// <summary>Fills <paramref name="r"/> from a record of <paramref name="length"/> bytes. False if the length does not match the presence bits.</summary>
        public static bool Read(byte[] b, int offset, int length, Reading r)
        {
            if (length < 22) return false;
            int presence = b[offset];
            if ((presence & ~(HasMethaneBit | HasEnvironmentBit | HasRawBit)) != 0) return false;
            int expected = 22 + ((presence & HasMethaneBit) != 0 ? 16 : 0) + ((presence & HasEnvironmentBit) != 0 ? 20 : 0)
                + ((presence & HasRawBit) != 0 ? 28 : 0);
            if (length != expected) return false;

            r.Clear();
            int p = offset + 1;
            r.Seq = ByteOrder.ReadInt64(b, p); p += 8;
            r.TimestampMs = ByteOrder.ReadInt64(b, p); p += 8;
            r.Flags = (int)ByteOrder.ReadUInt32(b, p); p += 4;
            r.Alarm = b[p++];
            if ((presence & HasMethaneBit) != 0)
            {
                r.HasMethane = true;
                r.Ch4Ppm = ReadDouble(b, p); p += 8;
                r.LelPct = ReadDouble(b, p); p += 8;
            }
            if ((presence & HasEnvironmentBit) != 0)
            {
                r.HasEnvironment = true;
                r.TemperatureC = ReadDouble(b, p); p += 8;
                r.RelativeHumidityPct = ReadDouble(b, p); p += 8;
                r.TemperatureTicks = ByteOrder.ReadUInt16(b, p); p += 2;
                r.HumidityTicks = ByteOrder.ReadUInt16(b, p); p += 2;
            }
            if ((presence & HasRawBit) != 0)
            {
                r.HasRaw = true;
                r.AdcRaw = (int)ByteOrder.ReadUInt32(b, p); p += 4;
                r.VoutVolts = ReadDouble(b, p); p += 8;
                r.RsOhms = ReadDouble(b, p); p += 8;
                r.RsR0 = ReadDouble(b, p);
            }
            return true;
        }

        private static void WriteDouble(byte[] b, int o, double v)
        {
            ByteOrder.WriteInt64(b, o, BitConverter.DoubleToInt64Bits(v));
        }

        private static double ReadDouble(byte[] b, int o)
        {
            return BitConverter.Int64BitsToDouble(ByteOrder.ReadInt64(b, o));
        }
    }
}
