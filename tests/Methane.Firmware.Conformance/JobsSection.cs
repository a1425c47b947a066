using Methane.Firmware.Core.Jobs;

namespace Methane.Firmware.Conformance
{
    /// <summary>The job document validator (running 1.4.2, 1 MB slot) on accepted and rejected documents.</summary>
    public static class JobsSection
    {
        private const string Sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        public static void Run(Transcript t)
        {
            JobDocumentValidator validator = new JobDocumentValidator("1.4.2", 1048576);
            JobDocument document = new JobDocument();
            string[] docs =
            {
                Ota("1.5.0", "https://updates.example.com/fw/1.5.0.pe?X-Amz-Signature=abc", "4096", ""),
                Ota("1.4.2", "https://h/x", "1", ""),
                Ota("1.4.1", "https://h/x", "1", ",\"force\":true"),
                Ota("1.4.1", "https://h/x", "1", ""),
                Ota("1.5.0", "http://h/x", "1", ""),
                Ota("1.5.0", "https://h/x", "0", ""),
                Ota("1.5.0", "https://h/x", "1048577", ""),
                Ota("1.5.0", "https://h/x", "1.5", ""),
                Ota("1.5.0-rc.1", "https://h/x", "10", ""),
                Ota("banana", "https://h/x", "10", ""),
                "{\"operation\":\"ota\",\"version\":\"1.5.0\",\"url\":\"https://h/x\",\"size\":1,\"sha256\":\"BA7816BF\"}",
                "{\"operation\":\"reboot\"}",
                "{\"operation\":\"config\",\"config\":{\"alarm.lowLelPct\":12,\"nested\":{\"a\":[1,2]}},\"note\":\"x\"}",
                "{\"operation\":\"selfdestruct\"}",
                "{\"version\":\"1.5.0\"}",
                "[\"ota\"]",
                "{\"operation\":\"ota\",\"operation\":\"reboot\"}",
                "{\"operation\":\"reboot\"",
                "",
            };
            for (int i = 0; i < docs.Length; i++)
            {
                byte[] b = Transcript.Utf8(docs[i]);
                bool ok = validator.Validate(b, 0, b.Length, document);
                string line = "job " + Transcript.I(i) + " " + Transcript.B(ok);
                if (ok)
                {
                    line += " op " + Transcript.I((int)document.Operation) + " version '" + document.VersionToString() + "' url '" + document.UrlToString()
                        + "' size " + Transcript.I(document.Size) + " force " + Transcript.B(document.Force)
                        + " sha " + Transcript.Bytes(document.Sha256, 0, 4) + " config " + Transcript.I(document.ConfigOffset) + "+" + Transcript.I(document.ConfigLength);
                }
                else
                {
                    line += " reason '" + validator.Reason + "'";
                }
                t.Line(line);
            }
            byte[] resumed = Transcript.Utf8(Ota("1.4.2", "https://h/x", "1", ""));
            t.Line("job resumed anyVersion " + Transcript.B(validator.Validate(resumed, 0, resumed.Length, document, true)));
            byte[] big = new byte[JobDocument.MaxDocumentBytes + 1];
            for (int i = 0; i < big.Length; i++) { big[i] = (byte)' '; }
            big[0] = (byte)'{';
            big[big.Length - 1] = (byte)'}';
            t.Line("job oversized " + Transcript.B(validator.Validate(big, 0, big.Length, document)) + " reason '" + validator.Reason + "'");
        }

        private static string Ota(string version, string url, string size, string extra)
        {
            return "{\"operation\":\"ota\",\"version\":\"" + version + "\",\"url\":\"" + url + "\",\"size\":" + size + ",\"sha256\":\"" + Sha + "\"" + extra + "}";
        }
    }
}
