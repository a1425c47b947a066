namespace Methane.Firmware.Core.Jobs
{
    /// <summary>Ordinal comparisons of strings and ASCII bytes in place, without allocating (the jobs code's string helpers).</summary>
    internal static class JobsText
    {
        /// <summary>True when <paramref name="s"/> holds <paramref name="part"/> at <paramref name="at"/>.</summary>
        public static bool Matches(string s, int at, string part)
        {
            if (at < 0 || s.Length - at < part.Length) return false;
            for (int i = 0; i < part.Length; i++)
            {
                if (s[at + i] != part[i]) return false;
            }
            return true;
        }

        /// <summary>True when the rest of <paramref name="s"/> from <paramref name="at"/> is exactly <paramref name="rest"/>.</summary>
        public static bool IsRest(string s, int at, string rest)
        {
            return s.Length - at == rest.Length && Matches(s, at, rest);
        }

        public static bool StartsWith(string s, string prefix)
        {
            return Matches(s, 0, prefix);
        }

        /// <summary>True when the ASCII bytes payload[start, start + length) spell <paramref name="text"/>.</summary>
        public static bool SameAscii(byte[] payload, int start, int length, string text)
        {
            if (text == null || text.Length != length) return false;
            for (int i = 0; i < length; i++)
            {
                if (payload[start + i] != text[i]) return false;
            }
            return true;
        }

        /// <summary>The same characters of <paramref name="s"/> from <paramref name="start"/> spell <paramref name="text"/>.</summary>
        public static bool SameRange(string s, int start, int length, string text)
        {
            return text != null && text.Length == length && Matches(s, start, text);
        }

        public static string Ascii(byte[] b, int start, int length)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)b[start + i];
            }
            return new string(chars);
        }
    }
}
