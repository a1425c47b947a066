using System;
using Methane.Firmware.Core.Integrity;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Outbox
{
    /// <summary>
    /// Compact binary form of a <see cref="Reading"/> for the outbox (little-endian, doubles as IEEE-754 bits so a replayed
    /// reading re-encodes to exactly the same JSON numbers). Absent groups take no space.
    /// Layout: presence u8 | seq i64 | timestamp i64 | flags u32 | alarm u8 | [ch4 f64, lel f64] | [temp f64, rh f64,
    /// tTicks u16, hTicks u16] | [adcRaw i32, vout f64, rs f64, rsR0 f64] | v2 ambient [amb, bg u16 in 0.001 ppm, sigma u8
    /// in 0.01 ppm, flags u8 = background flags (bits 0-6) + the enhancement's below-noise bit 7] | v2 wind [speed, gust u16 in 0.01 m/s, dir, sigmaθ u16 in 0.1°, samples u16, flags u16,
    /// pulses u32, vane u16 in mV]. The v2 groups are stored quantized to the decimals telemetry carries (0xFFFF = null), so
    /// live and replayed readings encode identically and a gas reading still fits the outbox slot (104 bytes:
    /// 8 header, 92 record, 4 CRC); the enhancement flags are the background flags plus bit 7, so one byte carries both. A met
    /// reading (presence bit 32) carries only the environment and wind groups.
    /// </summary>
    public static class ReadingRecord
    {
        public const int MaxLength = 22 + 16 + 20 + 28 + AmbientBytes;

        private const int HasMethaneBit = 1;
        private const int HasEnvironmentBit = 2;
        private const int HasRawBit = 4;
        private const int HasAmbientBit = 8;
        private const int HasWindBit = 16;
        private const int MetRoleBit = 32;
        private const int AllBits = HasMethaneBit | HasEnvironmentBit | HasRawBit | HasAmbientBit | HasWindBit | MetRoleBit;
        private const int AmbientBytes = 6;
        /// <summary>The record bytes an outbox slot holds (slot minus its 8-byte header and 4-byte CRC).</summary>
        public const int SlotPayload = 92;
        private const int WindBytes = 18;
        /// <summary>The null code of a quantized 16-bit field.</summary>
        public const int NullCode = 0xFFFF;

        /// <summary>The seq of a record already checked by its CRC (it follows the one-byte presence mask).</summary>
        public static long ReadSeq(byte[] b, int offset)
        {
            return ByteOrder.ReadInt64(b, offset + 1);
        }

        /// <summary>Writes the record at <paramref name="offset"/> and returns its length (≤ <see cref="MaxLength"/>).</summary>
        public static int Write(Reading r, byte[] b, int offset)
        {
            int p = offset;
            bool met = r.IsMetStation;
            bool methane = r.HasMethane && !met;
            bool raw = r.HasRaw && !met;
            bool ambient = r.HasAmbient && !met;
            bool wind = r.HasWind && met;
            int presence = (methane ? HasMethaneBit : 0) | (r.HasEnvironment ? HasEnvironmentBit : 0) | (raw ? HasRawBit : 0)
                | (ambient ? HasAmbientBit : 0) | (wind ? HasWindBit : 0) | (met ? MetRoleBit : 0);
            b[p++] = (byte)presence;
            ByteOrder.WriteInt64(b, p, r.Seq); p += 8;
            ByteOrder.WriteInt64(b, p, r.TimestampMs); p += 8;
            ByteOrder.WriteUInt32(b, p, (uint)r.Flags); p += 4;
            b[p++] = (byte)r.Alarm;
            if (methane)
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
            if (raw)
            {
                ByteOrder.WriteUInt32(b, p, (uint)r.AdcRaw); p += 4;
                WriteDouble(b, p, r.VoutVolts); p += 8;
                WriteDouble(b, p, r.RsOhms); p += 8;
                WriteDouble(b, p, r.RsR0); p += 8;
            }
            if (ambient)
            {
                ByteOrder.WriteUInt16(b, p, Code(r.AmbientPpm, 1000)); p += 2;
                ByteOrder.WriteUInt16(b, p, Code(r.BackgroundPpm, 1000)); p += 2;
                int sigma = Code(r.AmbientSigmaPpm, 100);
                b[p++] = (byte)(sigma > 0xFE ? 0xFF : sigma);
                b[p++] = (byte)((r.BackgroundFlags & 0x7F) | (r.EnhancementFlags & Ambient.AmbientFlags.BelowNoise));
            }
            if (wind)
            {
                ByteOrder.WriteUInt16(b, p, Code(r.WindSpeedMs, 100)); p += 2;
                ByteOrder.WriteUInt16(b, p, Code(r.WindGustMs, 100)); p += 2;
                int dir = Code(r.WindDirectionDeg, 10);
                ByteOrder.WriteUInt16(b, p, dir == NullCode ? NullCode : dir % 3600); p += 2;
                ByteOrder.WriteUInt16(b, p, Code(r.WindSigmaThetaDeg, 10)); p += 2;
                ByteOrder.WriteUInt16(b, p, r.WindSamples < 0 ? 0 : (r.WindSamples > 0xFFFE ? 0xFFFE : r.WindSamples)); p += 2;
                ByteOrder.WriteUInt16(b, p, r.WindFlags & 0xFFFF); p += 2;
                ByteOrder.WriteUInt32(b, p, r.WindPulses < 0 ? 0u : (r.WindPulses > 0xFFFFFFFFL ? 0xFFFFFFFFu : (uint)r.WindPulses)); p += 4;
                ByteOrder.WriteUInt16(b, p, Code(r.VaneVolts, 1000)); p += 2;
            }
            return p - offset;
        }

        /// <summary>Fills <paramref name="r"/> from a record of <paramref name="length"/> bytes. False if the length does not match the presence bits.</summary>
        public static bool Read(byte[] b, int offset, int length, Reading r)
        {
            if (length < 22) return false;
            int presence = b[offset];
            if ((presence & ~AllBits) != 0) return false;
            int expected = 22 + ((presence & HasMethaneBit) != 0 ? 16 : 0) + ((presence & HasEnvironmentBit) != 0 ? 20 : 0)
                + ((presence & HasRawBit) != 0 ? 28 : 0) + ((presence & HasAmbientBit) != 0 ? AmbientBytes : 0)
                + ((presence & HasWindBit) != 0 ? WindBytes : 0);
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
                r.RsR0 = ReadDouble(b, p); p += 8;
            }
            r.IsMetStation = (presence & MetRoleBit) != 0;
            if ((presence & HasAmbientBit) != 0)
            {
                r.HasAmbient = true;
                r.AmbientPpm = Value(ByteOrder.ReadUInt16(b, p), 1000); p += 2;
                r.BackgroundPpm = Value(ByteOrder.ReadUInt16(b, p), 1000); p += 2;
                int sigma = b[p++];
                r.AmbientSigmaPpm = sigma == 0xFF ? double.NaN : sigma / 100.0;
                int flags = b[p++];
                r.BackgroundFlags = flags & 0x7F;
                r.EnhancementFlags = flags;
            }
            if ((presence & HasWindBit) != 0)
            {
                r.HasWind = true;
                r.WindSpeedMs = Value(ByteOrder.ReadUInt16(b, p), 100); p += 2;
                r.WindGustMs = Value(ByteOrder.ReadUInt16(b, p), 100); p += 2;
                r.WindDirectionDeg = Value(ByteOrder.ReadUInt16(b, p), 10); p += 2;
                r.WindSigmaThetaDeg = Value(ByteOrder.ReadUInt16(b, p), 10); p += 2;
                r.WindSamples = ByteOrder.ReadUInt16(b, p); p += 2;
                r.WindFlags = ByteOrder.ReadUInt16(b, p); p += 2;
                r.WindPulses = ByteOrder.ReadUInt32(b, p); p += 4;
                r.VaneVolts = Value(ByteOrder.ReadUInt16(b, p), 1000);
            }
            return true;
        }

        /// <summary>
        /// round(v · scale) as an unsigned 16-bit code: <see cref="NullCode"/> for NaN, ±∞ and negatives, 0xFFFE for values
        /// above the range (the encoder's schema bounds then write null or the top of the range).
        /// </summary>
        public static int Code(double v, double scale)
        {
            if (double.IsNaN(v) || double.IsInfinity(v) || v < 0) return NullCode;
            double s = v * scale + 0.5;
            if (s >= 0xFFFE) return 0xFFFE;
            return (int)s;
        }

        private static double Value(int code, double scale)
        {
            return code == NullCode ? double.NaN : code / scale;
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
