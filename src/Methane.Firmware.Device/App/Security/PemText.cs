namespace Methane.Firmware.Device.App.Security
{
    /// <summary>
    /// Checks of pasted PEM text that need no crypto: exactly one BEGIN/END pair of the expected label and a body of base64
    /// lines. Catches truncated pastes and swapped files (a key pasted where the certificate belongs) before the native parser
    /// sees them. Pure string work, tested on the host.
    /// </summary>
    public static class PemText
    {
        public const string Certificate = "CERTIFICATE";

        /// <summary>Null when <paramref name="pem"/> is one well-formed block with one of <paramref name="labels"/>; else the reason.</summary>
        public static string Check(string pem, string[] labels)
        {
            if (pem == null || pem.Length == 0)
            {
                return "empty";
            }

            string label = null;
            for (int i = 0; i < labels.Length; i++)
            {
                if (pem.IndexOf("-----BEGIN " + labels[i] + "-----") >= 0)
                {
                    label = labels[i];
                    break;
                }
            }

            if (label == null)
            {
                return "no -----BEGIN " + labels[0] + "----- line";
            }

            string begin = "-----BEGIN " + label + "-----";
            string end = "-----END " + label + "-----";
            int b = pem.IndexOf(begin);
            int e = pem.IndexOf(end);
            if (e < 0)
            {
                return "no " + end + " line (paste truncated?)";
            }

            if (pem.IndexOf(begin, b + begin.Length) >= 0)
            {
                return "more than one " + label + " block";
            }

            int bodyStart = b + begin.Length;
            int bodyChars = 0;
            for (int i = bodyStart; i < e; i++)
            {
                char c = pem[i];
                if (c == '\r' || c == '\n' || c == ' ')
                {
                    continue;
                }

                bool base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
                if (!base64)
                {
                    return "character '" + c.ToString() + "' is not base64 (encrypted key? headers?)";
                }

                bodyChars++;
            }

            if (bodyChars == 0 || bodyChars % 4 != 0)
            {
                return "base64 body has " + bodyChars.ToString() + " characters, not a multiple of 4 (line lost?)";
            }

            return null;
        }

        /// <summary>The value of the first CN= attribute of a distinguished name ("CN=thing-1, O=Acme" or "O=Acme, CN=thing-1").</summary>
        public static string CommonName(string distinguishedName)
        {
            if (distinguishedName == null)
            {
                return null;
            }

            int i = 0;
            while (i < distinguishedName.Length)
            {
                while (i < distinguishedName.Length && (distinguishedName[i] == ' ' || distinguishedName[i] == ',' || distinguishedName[i] == '/'))
                {
                    i++;
                }

                int end = i;
                while (end < distinguishedName.Length && distinguishedName[end] != ',' && distinguishedName[end] != '/')
                {
                    end++;
                }

                string part = distinguishedName.Substring(i, end - i).Trim();
                if (part.Length > 3 && (part[0] == 'C' || part[0] == 'c') && (part[1] == 'N' || part[1] == 'n') && part[2] == '=')
                {
                    return part.Substring(3).Trim();
                }

                i = end + 1;
            }

            return null;
        }
    }
}
