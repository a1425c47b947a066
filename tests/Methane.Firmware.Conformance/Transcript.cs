using System;
using Methane.Firmware.Core.Text;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The line-oriented output of the conformance program. Every number is printed by integer code: integers in decimal,
    /// doubles as their IEEE 754 bit pattern (plus a readable fixed-point form from the core's own formatter), because the
    /// device's double.ToString supports only a few formats and rounds differently. NaN is printed as "NaN" (its payload bits
    /// are not part of the contract).
    /// </summary>
    public sealed class Transcript
    {
        private readonly ILineSink _sink;

        public Transcript(ILineSink sink)
        {
            _sink = sink;
        }

        public int LineCount { get; private set; }

        public void Line(string text)
        {
            LineCount++;
            _sink.WriteLine(text);
        }

        public static string D(double x)
        {
            if (double.IsNaN(x)) { return "NaN"; }
            if (double.IsPositiveInfinity(x)) { return "+Inf"; }
            if (double.IsNegativeInfinity(x)) { return "-Inf"; }
            return TextFormat.Fixed(x, 6) + "~" + TextFormat.Hex(BitConverter.DoubleToInt64Bits(x), 16);
        }

        public static string I(long x)
        {
            return TextFormat.Int(x);
        }

        public static string B(bool x)
        {
            return x ? "true" : "false";
        }

        public static string H(long x, int digits)
        {
            return TextFormat.Hex(x, digits);
        }

        /// <summary>Bytes as two-digit upper-case hex separated by spaces ("01 C3 83").</summary>
        public static string Bytes(byte[] b, int offset, int count)
        {
            char[] c = new char[count == 0 ? 0 : count * 3 - 1];
            for (int i = 0; i < count; i++)
            {
                int v = b[offset + i];
                c[i * 3] = Nibble(v >> 4);
                c[i * 3 + 1] = Nibble(v & 0xF);
                if (i + 1 < count) { c[i * 3 + 2] = ' '; }
            }
            return new string(c);
        }

        /// <summary>ASCII bytes as text (JSON payloads); any other byte as \xNN.</summary>
        public static string Ascii(byte[] b, int offset, int count)
        {
            char[] c = new char[count * 4];
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                int v = b[offset + i];
                if (v >= 0x20 && v < 0x7F && v != '\\') { c[n++] = (char)v; continue; }
                c[n++] = '\\';
                c[n++] = 'x';
                c[n++] = Nibble(v >> 4);
                c[n++] = Nibble(v & 0xF);
            }
            return new string(c, 0, n);
        }

        public static byte[] Utf8(string ascii)
        {
            byte[] b = new byte[ascii.Length];
            for (int i = 0; i < ascii.Length; i++) { b[i] = (byte)ascii[i]; }
            return b;
        }

        private static char Nibble(int v)
        {
            return (char)(v < 10 ? '0' + v : 'A' + v - 10);
        }
    }
}
