using Methane.Firmware.Core.Text;

namespace Methane.Firmware.Conformance
{
    /// <summary>The core's own number formatting (the only formatting the core uses on the device).</summary>
    public static class FormatSection
    {
        public static void Run(Transcript t)
        {
            long[] ints = { 0, 1, -1, 9, 10, 99, 100, 123456789, -987654321, 9007199254740991, long.MaxValue, long.MinValue };
            byte[] b = new byte[64];
            for (int i = 0; i < ints.Length; i++)
            {
                int n = NumberFormatter.WriteInt64(ints[i], b, 0, b.Length);
                t.Line("int " + Transcript.H(ints[i], 16) + " -> " + Transcript.Ascii(b, 0, n < 0 ? 0 : n) + " (" + Transcript.I(n) + ")");
            }
            double[] values = { 0.0, -0.0, 0.5, 1.25, 2.5, -2.5, 0.05, 0.15, 1.005, 99.9999, 123456.789, -0.0004, 1e17, 1e18, 4.6e18, 1e300,
                double.MaxValue, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
            int[] decimals = { 0, 1, 3, 6, 9 };
            for (int i = 0; i < values.Length; i++)
            {
                string line = "fixed " + Transcript.D(values[i]);
                for (int d = 0; d < decimals.Length; d++)
                {
                    int n = NumberFormatter.WriteFixed(values[i], decimals[d], b, 0, b.Length);
                    line += " | " + (n < 0 ? "err" + Transcript.I(n) : Transcript.Ascii(b, 0, n));
                }
                t.Line(line);
            }
            int small = NumberFormatter.WriteFixed(123.456, 3, b, 0, 4);
            t.Line("fixed into 4 bytes -> " + Transcript.I(small));
            t.Line("digits " + Transcript.I(NumberFormatter.DigitCount(0)) + " " + Transcript.I(NumberFormatter.DigitCount(9)) + " "
                + Transcript.I(NumberFormatter.DigitCount(10)) + " " + Transcript.I(NumberFormatter.DigitCount(ulong.MaxValue)));
            t.Line("text " + TextFormat.Fixed(3.14159, 2) + " " + TextFormat.Hex(0xC383, 4) + " " + TextFormat.Uptime(123456) + " " + TextFormat.Fixed(double.NaN, 2));
        }
    }
}
