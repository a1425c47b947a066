namespace Methane.Firmware.Core.Text
{
    /// <summary>
    /// Numbers as strings for log lines and console replies, through <see cref="NumberFormatter"/> (the device's ToString
    /// formats are limited). Allocates the returned string: use it on events and replies, never per sample.
    /// </summary>
    public static class TextFormat
    {
        public static string Int(long value)
        {
            byte[] b = new byte[NumberFormatter.MaxInt64Length];
            return Ascii(b, NumberFormatter.WriteInt64(value, b, 0, b.Length));
        }

        /// <summary>Fixed-point with <paramref name="decimals"/> fraction digits; "nan" for NaN or infinity.</summary>
        public static string Fixed(double value, int decimals)
        {
            byte[] b = new byte[48];
            int n = NumberFormatter.WriteFixed(value, decimals, b, 0, b.Length);
            return n < 0 ? "nan" : Ascii(b, n);
        }

        /// <summary>Upper-case hex with at least <paramref name="digits"/> digits, prefixed "0x".</summary>
        public static string Hex(long value, int digits)
        {
            char[] c = new char[18];
            int n = 0;
            ulong v = (ulong)value;
            do
            {
                int d = (int)(v & 0xF);
                c[n++] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
                v >>= 4;
            }
            while (v != 0 || n < digits);
            char[] r = new char[n + 2];
            r[0] = '0';
            r[1] = 'x';
            for (int i = 0; i < n; i++) r[i + 2] = c[n - 1 - i];
            return new string(r);
        }

        /// <summary>Uptime as seconds with milliseconds, right-aligned to 10 characters: "    12.345".</summary>
        public static string Uptime(long milliseconds)
        {
            string s = Int(milliseconds / 1000) + "." + Pad3(milliseconds % 1000);
            while (s.Length < 10) s = " " + s;
            return s;
        }

        private static string Pad3(long v)
        {
            if (v < 10) return "00" + Int(v);
            if (v < 100) return "0" + Int(v);
            return Int(v);
        }

        private static string Ascii(byte[] b, int n)
        {
            if (n <= 0) return "";
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = (char)b[i];
            return new string(c);
        }
    }
}
