namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// A Semantic Versioning 2.0.0 version (MAJOR.MINOR.PATCH[-pre.release][+build]), parsed from ASCII bytes without
    /// allocation and compared by SemVer precedence (§11): build metadata is ignored, a pre-release sorts before its release.
    /// </summary>
    public sealed class SemVer
    {
        public const int MaxLength = 32;
        // Numeric parts above this are refused rather than overflowing (SemVer itself sets no bound).
        private const long MaxNumber = 999999999999L;

        private readonly byte[] _pre = new byte[MaxLength];
        private readonly byte[] _scratch = new byte[MaxLength];
        private int _preLength;

        public long Major;
        public long Minor;
        public long Patch;

        public bool IsPreRelease
        {
            get { return _preLength > 0; }
        }

        /// <summary>Parses the text; on false this instance is unchanged.</summary>
        public bool TryParse(string text)
        {
            if (text == null || text.Length == 0 || text.Length > MaxLength)
            {
                return false;
            }
            byte[] scratch = _scratch;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] > 0x7E)
                {
                    return false;
                }
                scratch[i] = (byte)text[i];
            }
            return TryParse(scratch, 0, text.Length);
        }

        /// <summary>Parses ASCII bytes; on false this instance is unchanged.</summary>
        public bool TryParse(byte[] text, int offset, int count)
        {
            if (text == null || count <= 0 || count > MaxLength || offset < 0 || offset > text.Length - count)
            {
                return false;
            }
            int end = offset + count;
            int p = offset;
            long major, minor, patch;
            if (!ParseNumber(text, ref p, end, out major) || !Expect(text, ref p, end, (byte)'.')
                || !ParseNumber(text, ref p, end, out minor) || !Expect(text, ref p, end, (byte)'.')
                || !ParseNumber(text, ref p, end, out patch))
            {
                return false;
            }

            int preStart = p;
            int preEnd = p;
            if (p < end && text[p] == (byte)'-')
            {
                preStart = p + 1;
                if (!ScanIdentifiers(text, preStart, end, true, out preEnd))
                {
                    return false;
                }
                p = preEnd;
            }
            if (p < end && text[p] == (byte)'+')
            {
                int buildEnd;
                if (!ScanIdentifiers(text, p + 1, end, false, out buildEnd))
                {
                    return false;
                }
                p = buildEnd;
            }
            if (p != end)
            {
                return false;
            }

            Major = major;
            Minor = minor;
            Patch = patch;
            _preLength = preEnd - preStart;
            System.Array.Copy(text, preStart, _pre, 0, _preLength);
            return true;
        }

        public void CopyFrom(SemVer other)
        {
            Major = other.Major;
            Minor = other.Minor;
            Patch = other.Patch;
            _preLength = other._preLength;
            System.Array.Copy(other._pre, _pre, _preLength);
        }

        /// <summary>Negative when a &lt; b, 0 when equal in precedence, positive when a &gt; b.</summary>
        public static int Compare(SemVer a, SemVer b)
        {
            if (a.Major != b.Major)
            {
                return a.Major < b.Major ? -1 : 1;
            }
            if (a.Minor != b.Minor)
            {
                return a.Minor < b.Minor ? -1 : 1;
            }
            if (a.Patch != b.Patch)
            {
                return a.Patch < b.Patch ? -1 : 1;
            }
            if (a._preLength == 0 || b._preLength == 0)
            {
                return a._preLength == b._preLength ? 0 : (a._preLength == 0 ? 1 : -1);
            }

            int pa = 0;
            int pb = 0;
            while (true)
            {
                bool aDone = pa >= a._preLength;
                bool bDone = pb >= b._preLength;
                if (aDone || bDone)
                {
                    // A larger set of pre-release fields has higher precedence when all preceding ones are equal.
                    return aDone == bDone ? 0 : (aDone ? -1 : 1);
                }
                int ea = IdentifierEnd(a._pre, pa, a._preLength);
                int eb = IdentifierEnd(b._pre, pb, b._preLength);
                int c = CompareIdentifier(a._pre, pa, ea, b._pre, pb, eb);
                if (c != 0)
                {
                    return c;
                }
                pa = ea + 1;
                pb = eb + 1;
            }
        }

        private static int CompareIdentifier(byte[] a, int sa, int ea, byte[] b, int sb, int eb)
        {
            bool na = IsNumeric(a, sa, ea);
            bool nb = IsNumeric(b, sb, eb);
            if (na && nb)
            {
                // No leading zeros (checked at parse), so the longer number is the larger.
                if (ea - sa != eb - sb)
                {
                    return ea - sa < eb - sb ? -1 : 1;
                }
            }
            else if (na != nb)
            {
                return na ? -1 : 1;
            }
            int la = ea - sa;
            int lb = eb - sb;
            int n = la < lb ? la : lb;
            for (int i = 0; i < n; i++)
            {
                if (a[sa + i] != b[sb + i])
                {
                    return a[sa + i] < b[sb + i] ? -1 : 1;
                }
            }
            return la == lb ? 0 : (la < lb ? -1 : 1);
        }

        private static int IdentifierEnd(byte[] s, int p, int end)
        {
            while (p < end && s[p] != (byte)'.')
            {
                p++;
            }
            return p;
        }

        private static bool IsNumeric(byte[] s, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (s[i] < (byte)'0' || s[i] > (byte)'9')
                {
                    return false;
                }
            }
            return true;
        }

        private static bool ParseNumber(byte[] s, ref int p, int end, out long value)
        {
            value = 0;
            int start = p;
            while (p < end && s[p] >= (byte)'0' && s[p] <= (byte)'9')
            {
                value = value * 10 + (s[p] - '0');
                p++;
                if (value > MaxNumber)
                {
                    return false;
                }
            }
            int digits = p - start;
            return digits > 0 && !(digits > 1 && s[start] == (byte)'0');
        }

        private static bool Expect(byte[] s, ref int p, int end, byte c)
        {
            if (p < end && s[p] == c)
            {
                p++;
                return true;
            }
            return false;
        }

        /// <summary>Dot-separated, non-empty [0-9A-Za-z-] identifiers up to '+' (pre-release) or the end.</summary>
        private static bool ScanIdentifiers(byte[] s, int p, int end, bool preRelease, out int stop)
        {
            stop = p;
            int idStart = p;
            while (true)
            {
                bool atEnd = p >= end || (preRelease && s[p] == (byte)'+');
                if (atEnd || s[p] == (byte)'.')
                {
                    int len = p - idStart;
                    if (len == 0)
                    {
                        return false;
                    }
                    // Numeric pre-release identifiers must not have leading zeros.
                    if (preRelease && len > 1 && s[idStart] == (byte)'0' && IsNumeric(s, idStart, p))
                    {
                        return false;
                    }
                    if (atEnd)
                    {
                        stop = p;
                        return true;
                    }
                    p++;
                    idStart = p;
                    continue;
                }
                byte c = s[p];
                bool ok = (c >= (byte)'0' && c <= (byte)'9') || (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'A' && c <= (byte)'Z')
                    || c == (byte)'-';
                if (!ok)
                {
                    return false;
                }
                p++;
            }
        }
    }
}
