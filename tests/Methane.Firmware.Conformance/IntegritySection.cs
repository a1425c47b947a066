using Methane.Firmware.Core.Crypto;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Integrity;
using Methane.Firmware.Core.Jobs;

namespace Methane.Firmware.Conformance
{
    /// <summary>CRC-32, SHA-256 (NIST vectors and chunked input), the SHT4x CRC-8, byte order and SemVer.</summary>
    public static class IntegritySection
    {
        public static void Run(Transcript t)
        {
            byte[] check = Transcript.Utf8("123456789");
            t.Line("crc32 123456789 " + Transcript.H(Crc32.Compute(check, 0, check.Length), 8));
            t.Line("crc32 empty " + Transcript.H(Crc32.Compute(check, 0, 0), 8));
            uint crc = Crc32.Start();
            crc = Crc32.Update(crc, check, 0, 4);
            crc = Crc32.Update(crc, check, 4, 5);
            t.Line("crc32 chunked " + Transcript.H(Crc32.Finish(crc), 8));

            Sha(t, "abc", "abc");
            Sha(t, "empty", "");
            Sha(t, "448bit", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
            byte[] pattern = new byte[1000];
            for (int i = 0; i < pattern.Length; i++) { pattern[i] = (byte)(i * 7 + 3); }
            Sha256 sha = new Sha256();
            byte[] digest = new byte[32];
            int[] chunks = { 1, 63, 64, 65, 127, 200, 480 };
            int at = 0;
            for (int i = 0; i < chunks.Length; i++) { sha.Update(pattern, at, chunks[i]); at += chunks[i]; }
            long hashed = sha.Length;
            sha.Final(digest);
            t.Line("sha256 pattern1000 chunked " + Transcript.Bytes(digest, 0, 32) + " length " + Transcript.I(hashed));
            sha.Init();
            sha.Update(pattern, 0, pattern.Length);
            sha.Final(digest);
            t.Line("sha256 pattern1000 whole   " + Transcript.Bytes(digest, 0, 32));

            byte[] word = { 0xBE, 0xEF, 0x00 };
            t.Line("sht4x crc BEEF " + Transcript.H(Sht4xCrc.Compute(word, 0, 2), 2));
            word[2] = 0x92;
            t.Line("sht4x check BEEF 92 " + Transcript.B(Sht4xCrc.CheckWord(word, 0)));
            word[2] = 0x93;
            t.Line("sht4x check BEEF 93 " + Transcript.B(Sht4xCrc.CheckWord(word, 0)));

            byte[] b = new byte[16];
            ByteOrder.WriteUInt16(b, 0, 0xC383);
            ByteOrder.WriteUInt32(b, 2, 0xDEADBEEF);
            ByteOrder.WriteInt64(b, 6, -2);
            t.Line("byteorder " + Transcript.Bytes(b, 0, 14) + " " + Transcript.H(ByteOrder.ReadUInt16(b, 0), 4) + " "
                + Transcript.H(ByteOrder.ReadUInt32(b, 2), 8) + " " + Transcript.I(ByteOrder.ReadInt64(b, 6)));

            string[] versions = { "1.2.3", "1.2.3-rc.1", "1.10.0", "01.2.3", "1.2", "1.2.3+build.5", "v1.2.3", "" };
            SemVer a = new SemVer();
            SemVer reference = new SemVer();
            reference.TryParse("1.2.3");
            for (int i = 0; i < versions.Length; i++)
            {
                bool ok = a.TryParse(versions[i]);
                t.Line("semver '" + versions[i] + "' " + Transcript.B(ok)
                    + (ok ? " " + Transcript.I(a.Major) + "." + Transcript.I(a.Minor) + "." + Transcript.I(a.Patch)
                        + " pre " + Transcript.B(a.IsPreRelease) + " cmp " + Transcript.I(SemVer.Compare(a, reference)) : ""));
            }
        }

        private static void Sha(Transcript t, string name, string text)
        {
            byte[] data = Transcript.Utf8(text);
            Sha256 sha = new Sha256();
            sha.Update(data, 0, data.Length);
            byte[] digest = new byte[32];
            sha.Final(digest);
            t.Line("sha256 " + name + " " + Transcript.Bytes(digest, 0, 32));
        }
    }
}
