namespace Methane.Firmware.Core.Text
{
    /// <summary>
    /// Writes numbers as ASCII digits into a byte buffer by integer arithmetic (nanoFramework's ToString supports only
    /// a few formats and allocates). Every method writes nothing past <c>end</c>: it returns the new position, or -1 when
    /// the text does not fit (the buffer between <c>position</c> and <c>end</c> is then left untouched).
    /// </summary>
    public static class NumberFormatter
    {
        /// <summary>Largest number of decimals <see cref="WriteFixed"/> accepts.</summary>
        public const int MaxDecimals = 9;

        /// <summary>Longest text <see cref="WriteInt64"/> produces ("-9223372036854775808").</summary>
        public const int MaxInt64Length = 20;

        private static readonly long[] PowersOfTenInt64 =
        {
            1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L
        };

        private static readonly double[] PowersOfTenDouble =
        {
            1d, 10d, 100d, 1000d, 10000d, 100000d, 1000000d, 10000000d, 100000000d, 1000000000d
        };

        // Above this a scaled value no longer fits a long; 2^62 keeps the rounding increment safe as well.
        private const double MaxScaled = 4611686018427387904d;

        /// <summary>Number of decimal digits of <paramref name="magnitude"/> (1 for 0).</summary>
        public static int DigitCount(ulong magnitude)
        {
            int digits = 1;
            while (magnitude >= 10UL)
            {
                magnitude /= 10UL;
                digits++;
            }
            return digits;
        }

        /// <summary>Writes a signed integer (e.g. "-45", "0", "9007199254740991").</summary>
        public static int WriteInt64(long value, byte[] buffer, int position, int end)
        {
            bool negative = value < 0;
            // Two's complement negation in unsigned arithmetic also handles long.MinValue.
            ulong magnitude = negative ? (ulong)(-(value + 1)) + 1UL : (ulong)value;
            return WriteMagnitude(negative, magnitude, buffer, position, end);
        }

        /// <summary>
        /// Writes <paramref name="value"/> with exactly <paramref name="decimals"/> (0..9) fraction digits, rounding half away
        /// from zero on the double nearest to value·10^decimals ("21.50", "-0.13", "3"). A value that rounds to zero is written
        /// without a sign. Magnitudes too large for the requested decimals lose fraction digits; beyond 2^62 the value is
        /// written in exponent form ("1.2345678901234567e25" style, 17 significant digits). NaN and infinities are not
        /// numbers in JSON: the method returns -1 for them without writing, callers decide (the JSON writer writes null).
        /// </summary>
        public static int WriteFixed(double value, int decimals, byte[] buffer, int position, int end)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return -1;
            }
            if (decimals < 0)
            {
                decimals = 0;
            }
            else if (decimals > MaxDecimals)
            {
                decimals = MaxDecimals;
            }

            bool negative = value < 0;
            double magnitude = negative ? -value : value;
            if (magnitude >= MaxScaled)
            {
                return WriteExponent(negative, magnitude, buffer, position, end);
            }

            double scaled = magnitude * PowersOfTenDouble[decimals];
            while (scaled >= MaxScaled && decimals > 0)
            {
                decimals--;
                scaled = magnitude * PowersOfTenDouble[decimals];
            }

            ulong units = (ulong)(long)scaled;
            if (scaled - units >= 0.5d)
            {
                units++;
            }
            if (units == 0UL)
            {
                negative = false;
            }

            ulong divisor = (ulong)PowersOfTenInt64[decimals];
            ulong whole = units / divisor;
            ulong fraction = units % divisor;
            int length = (negative ? 1 : 0) + DigitCount(whole) + (decimals > 0 ? decimals + 1 : 0);
            if (position < 0 || length > end - position)
            {
                return -1;
            }

            int pos = WriteMagnitude(negative, whole, buffer, position, end);
            if (decimals > 0)
            {
                buffer[pos++] = (byte)'.';
                for (int i = decimals - 1; i >= 0; i--)
                {
                    buffer[pos + i] = (byte)('0' + (int)(fraction % 10UL));
                    fraction /= 10UL;
                }
                pos += decimals;
            }
            return pos;
        }

        private static int WriteMagnitude(bool negative, ulong magnitude, byte[] buffer, int position, int end)
        {
            int digits = DigitCount(magnitude);
            int length = digits + (negative ? 1 : 0);
            if (position < 0 || length > end - position)
            {
                return -1;
            }
            int pos = position;
            if (negative)
            {
                buffer[pos++] = (byte)'-';
            }
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[pos + i] = (byte)('0' + (int)(magnitude % 10UL));
                magnitude /= 10UL;
            }
            return pos + digits;
        }

        // Huge magnitudes: 17 significant digits and a decimal exponent. Repeated division loses a few ulps, acceptable
        // for values no sensor produces; the output is always a valid JSON number.
        private static int WriteExponent(bool negative, double magnitude, byte[] buffer, int position, int end)
        {
            int exponent = 16;
            while (magnitude >= 1e17d)
            {
                magnitude /= 10d;
                exponent++;
            }
            ulong mantissa = (ulong)(long)magnitude;
            if (magnitude - mantissa >= 0.5d)
            {
                mantissa++;
            }
            if (mantissa >= 100000000000000000UL)
            {
                mantissa /= 10UL;
                exponent++;
            }
            // mantissa has 17 digits: d.dddddddddddddddd e exponent
            int length = (negative ? 1 : 0) + 18 + 1 + DigitCount((ulong)exponent);
            if (position < 0 || length > end - position)
            {
                return -1;
            }
            int pos = position;
            if (negative)
            {
                buffer[pos++] = (byte)'-';
            }
            for (int i = 17; i >= 0; i--)
            {
                if (i == 1)
                {
                    buffer[pos + i] = (byte)'.';
                    continue;
                }
                buffer[pos + i] = (byte)('0' + (int)(mantissa % 10UL));
                mantissa /= 10UL;
            }
            pos += 18;
            buffer[pos++] = (byte)'e';
            return WriteMagnitude(false, (ulong)exponent, buffer, pos, end);
        }
    }
}
