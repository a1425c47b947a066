namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// The elementary functions the calibration needs, because nanoFramework's mscorlib has no System.Math.
    /// Pure double arithmetic, no allocation, no table. Accuracy (host tests against System.Math): relative error
    /// below 1e-13 over the calibration domain (far inside the 1e-7 requirement).
    /// NaN in → NaN out everywhere (Pow(x, 0) = 1 as in IEEE 754). Ln of a negative number is NaN, Ln(0) = −∞,
    /// Pow is defined for x ≥ 0 only (negative x → NaN), Sqrt of a negative number is NaN.
    /// Results that fall into the subnormal range (below 2.2e-308) may be off by one extra rounding.
    /// Written for nanoCLR, where an ordered comparison with a NaN operand answers as if the left side were greater,
    /// where +∞ and −∞ compare equal, and where a floating division by zero throws (docs/runtime-differences.md):
    /// every comparison that can see NaN is guarded first, and <see cref="Divide"/> never divides by zero.
    /// </summary>
    public static class CoreMath
    {
        // ln(2) split so that k·Ln2Hi is exact for |k| < 2^11 (fdlibm's constants).
        private const double Ln2Hi = 6.93147180369123816490e-01;
        private const double Ln2Lo = 1.90821492927058770002e-10;
        private const double InvLn2 = 1.44269504088896338700e+00;
        private const double Sqrt2 = 1.41421356237309504880;
        private const double HalfSqrt2 = 0.70710678118654752440;
        private const double TwoPow32 = 4294967296.0;
        private const double TwoPowMinus32 = 1.0 / 4294967296.0;
        // exp(x) overflows above ln(MaxValue) and underflows to 0 below ln(2^-1075).
        private const double ExpOverflow = 709.782712893383973096;
        private const double ExpUnderflow = -745.133219101941108420;

        public static double Abs(double x) { return x < 0 ? -x : (x == 0 ? 0.0 : x); }

        public static int Abs(int x) { return x < 0 ? -x : x; }

        /// <summary>Smaller of two values; NaN if either is NaN.</summary>
        public static double Min(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) { return double.NaN; }
            // nanoCLR compares +∞ and −∞ as equal, so an infinite operand is decided by its sign, not by '<'.
            if (double.IsNegativeInfinity(a) || double.IsPositiveInfinity(b)) { return a; }
            if (double.IsNegativeInfinity(b) || double.IsPositiveInfinity(a)) { return b; }
            return a < b ? a : b;
        }

        /// <summary>Larger of two values; NaN if either is NaN.</summary>
        public static double Max(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) { return double.NaN; }
            if (double.IsPositiveInfinity(a) || double.IsNegativeInfinity(b)) { return a; }
            if (double.IsPositiveInfinity(b) || double.IsNegativeInfinity(a)) { return b; }
            return a > b ? a : b;
        }

        /// <summary>
        /// a ≥ b by IEEE 754 (false when either is NaN), on nanoCLR too: there a bare '&gt;=' answers true for a NaN
        /// operand and treats +∞ and −∞ as equal. Meant for "has the value reached the threshold" checks.
        /// </summary>
        public static bool AtLeast(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) { return false; }
            if (double.IsInfinity(a) || double.IsInfinity(b)) { return InfinityRank(a) >= InfinityRank(b); }
            return a >= b;
        }

        /// <summary>a &gt; b by IEEE 754 (false when either is NaN), on nanoCLR too (see <see cref="AtLeast"/>).</summary>
        public static bool Above(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) { return false; }
            if (double.IsInfinity(a) || double.IsInfinity(b)) { return InfinityRank(a) > InfinityRank(b); }
            return a > b;
        }

        /// <summary>−1 for −∞, +1 for +∞, 0 for a finite number: orders a pair in which at least one side is infinite.</summary>
        private static int InfinityRank(double x)
        {
            if (double.IsPositiveInfinity(x)) { return 1; }
            return double.IsNegativeInfinity(x) ? -1 : 0;
        }

        /// <summary>
        /// <paramref name="numerator"/> / <paramref name="denominator"/> with the IEEE 754 result for a zero denominator
        /// (±∞ by the signs, NaN for 0/0 or NaN/0) computed without dividing, because nanoCLR throws on a floating division
        /// by zero. Identical to the '/' operator of .NET for every input.
        /// </summary>
        public static double Divide(double numerator, double denominator)
        {
            if (denominator != 0) { return numerator / denominator; }
            if (double.IsNaN(numerator) || numerator == 0) { return double.NaN; }
            bool negative = (numerator < 0) != (System.BitConverter.DoubleToInt64Bits(denominator) < 0);
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        public static int Min(int a, int b) { return a < b ? a : b; }

        public static int Max(int a, int b) { return a > b ? a : b; }

        /// <summary><paramref name="x"/> limited to [lo, hi]; NaN stays NaN.</summary>
        public static double Clamp(double x, double lo, double hi)
        {
            if (double.IsNaN(x)) { return x; }
            if (Above(lo, x)) { return lo; }
            if (Above(x, hi)) { return hi; }
            return x;
        }

        /// <summary>Natural logarithm.</summary>
        public static double Ln(double x)
        {
            if (double.IsNaN(x) || x < 0) { return double.NaN; }
            if (x == 0) { return double.NegativeInfinity; }
            if (double.IsPositiveInfinity(x)) { return double.PositiveInfinity; }

            // x = m · 2^k with m in [√2/2, √2): every scaling step is by a power of two, hence exact.
            int k = 0;
            double m = x;
            while (m >= TwoPow32) { m *= TwoPowMinus32; k += 32; }
            while (m < TwoPowMinus32) { m *= TwoPow32; k -= 32; }
            while (m >= Sqrt2) { m *= 0.5; k++; }
            while (m < HalfSqrt2) { m *= 2.0; k--; }

            // ln(m) = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: the odd series converges by a factor ≥ 34 per term.
            double s = (m - 1.0) / (m + 1.0);
            double s2 = s * s;
            double power = s;
            double tail = 0;
            for (int n = 3; n < 60; n += 2)
            {
                power *= s2;
                double term = power / n;
                tail += term;
                if (Abs(term) <= 1e-18 * Abs(s)) { break; }
            }
            double lnM = 2.0 * (s + tail);
            return k * Ln2Hi + (k * Ln2Lo + lnM);
        }

        /// <summary>e raised to <paramref name="x"/>.</summary>
        public static double Exp(double x)
        {
            if (double.IsNaN(x)) { return double.NaN; }
            if (x > ExpOverflow) { return double.PositiveInfinity; }
            if (x < ExpUnderflow) { return 0.0; }

            // x = k·ln2 + r with |r| ≤ ln2/2; exp(x) = 2^k · exp(r).
            double kd = x * InvLn2;
            int k = (int)(kd >= 0 ? kd + 0.5 : kd - 0.5);
            double r = (x - k * Ln2Hi) - k * Ln2Lo;

            // Taylor series of exp(r) − 1, summed small terms first into the tail, then 1 added last.
            double term = r;
            double tail = 0;
            int n = 1;
            while (n < 40)
            {
                n++;
                term = term * r / n;
                tail += term;
                if (Abs(term) <= 1e-18) { break; }
            }
            double result = 1.0 + (r + tail);
            return ScaleByPowerOfTwo(result, k);
        }

        /// <summary><paramref name="x"/> to the power <paramref name="y"/> for x ≥ 0 (the calibration curve a·(Rs/R0)^b).</summary>
        public static double Pow(double x, double y)
        {
            if (y == 0) { return 1.0; }
            if (double.IsNaN(x) || double.IsNaN(y) || x < 0) { return double.NaN; }
            if (x == 0) { return y > 0 ? 0.0 : double.PositiveInfinity; }
            if (x == 1) { return 1.0; }
            return Exp(y * Ln(x));
        }

        /// <summary>Square root.</summary>
        public static double Sqrt(double x)
        {
            if (double.IsNaN(x) || x < 0) { return double.NaN; }
            if (x == 0 || double.IsPositiveInfinity(x)) { return x; }

            // x = m · 4^k with m in [0.25, 1), so √x = √m · 2^k.
            int k = 0;
            double m = x;
            while (m >= TwoPow32) { m *= TwoPowMinus32; k += 16; }
            while (m < TwoPowMinus32) { m *= TwoPow32; k -= 16; }
            while (m >= 1.0) { m *= 0.25; k++; }
            while (m < 0.25) { m *= 4.0; k--; }

            // Newton from above ((m+1)/2 ≥ √m): error 25 % at worst, squared every step, so 6 steps reach double precision.
            double y = 0.5 * (m + 1.0);
            for (int i = 0; i < 6; i++) { y = 0.5 * (y + m / y); }
            return ScaleByPowerOfTwo(y, k);
        }

        /// <summary>value · 2^k, building 2^k exactly so that the result is rounded only once.</summary>
        private static double ScaleByPowerOfTwo(double value, int k)
        {
            while (k > 1023) { value *= 2.0; k--; }
            while (k < -1074) { value *= 0.5; k++; }
            double scale = 1.0;
            while (k >= 32) { scale *= TwoPow32; k -= 32; }
            while (k <= -32) { scale *= TwoPowMinus32; k += 32; }
            while (k > 0) { scale *= 2.0; k--; }
            while (k < 0) { scale *= 0.5; k++; }
            return value * scale;
        }
    }
}
