namespace Methane.Firmware.Core.Config
{
    /// <summary>
    /// Builds the reason strings of the settings' Validate methods: "field = value: expected …". Runs only when a
    /// configuration is loaded or changed, never in the measurement loop, so the string building may allocate.
    /// </summary>
    internal static class ConfigCheck
    {
        /// <summary>
        /// Not NaN. Every double comparison below starts with it: on nanoCLR an ordered comparison with NaN answers as if
        /// the left side were greater, so 'NaN >= min' would pass.
        /// </summary>
        public static bool IsNumber(double v)
        {
            return !double.IsNaN(v);
        }

        /// <summary>min ≤ v ≤ max (NaN fails).</summary>
        public static string Range(string field, double v, double min, double max)
        {
            if (IsNumber(v) && v >= min && v <= max) { return null; }
            return Reason(field, v.ToString(), min.ToString() + " to " + max.ToString());
        }

        /// <summary>min &lt; v ≤ max (NaN fails).</summary>
        public static string RangeAboveMin(string field, double v, double min, double max)
        {
            if (IsNumber(v) && v > min && v <= max) { return null; }
            return Reason(field, v.ToString(), "> " + min.ToString() + " and <= " + max.ToString());
        }

        public static string Range(string field, int v, int min, int max)
        {
            if (v >= min && v <= max) { return null; }
            return Reason(field, v.ToString(), min.ToString() + " to " + max.ToString());
        }

        public static string OneOf(string field, int v, int[] allowed)
        {
            for (int i = 0; i < allowed.Length; i++)
            {
                if (allowed[i] == v) { return null; }
            }
            string list = "";
            for (int i = 0; i < allowed.Length; i++)
            {
                list = i == 0 ? allowed[i].ToString() : list + ", " + allowed[i].ToString();
            }
            return Reason(field, v.ToString(), "one of " + list);
        }

        public static string Address(string field, int v, int min, int max)
        {
            if (v >= min && v <= max) { return null; }
            return Reason(field, Hex(v), Hex(min) + " to " + Hex(max));
        }

        public static string NotEmpty(string field, string v)
        {
            if (v != null && v.Length > 0) { return null; }
            return Reason(field, v == null ? "null" : "\"\"", "a non-empty string");
        }

        public static string Reason(string field, string value, string expected)
        {
            return field + " = " + value + ": expected " + expected;
        }

        public static string Hex(int v)
        {
            return v < 0 ? v.ToString() : "0x" + v.ToString("X2");
        }
    }
}
