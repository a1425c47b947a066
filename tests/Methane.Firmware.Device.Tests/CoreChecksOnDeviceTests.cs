using Methane.Firmware.Core.Crypto;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Device.App.Ota;
using nanoFramework.TestFramework;

namespace Methane.Firmware.Device.Tests
{
    /// <summary>
    /// The core's critical checks on the nanoFramework runtime (its integer and double arithmetic, its string handling).
    /// Expected values are independent: FIPS 180-2 / NIST example vectors, the Sensirion datasheet CRC example, RFC 8259.
    /// </summary>
    [TestClass]
    public class CoreChecksOnDeviceTests
    {
        private static string Hex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = digits[bytes[i] & 15];
            }

            return new string(chars);
        }

        private static string Sha256Hex(string ascii)
        {
            byte[] data = new byte[ascii.Length];
            for (int i = 0; i < ascii.Length; i++)
            {
                data[i] = (byte)ascii[i];
            }

            Sha256 sha = new Sha256();
            sha.Init();
            sha.Update(data, 0, data.Length);
            byte[] digest = new byte[Sha256.HashSize];
            sha.Final(digest);
            return Hex(digest);
        }

        [TestMethod]
        public void Sha256_matches_the_NIST_one_block_and_two_block_examples()
        {
            // FIPS 180-2 appendix B.1 ("abc") and B.2 (448-bit message)
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256Hex("abc"));
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
            // SHA-256 of the empty message (NIST CAVP short-message vector, Len = 0)
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256Hex(""));
        }

        [TestMethod]
        public void Sht4x_crc_matches_the_datasheet_example()
        {
            // Sensirion SHT4x datasheet, CRC-8 (poly 0x31, init 0xFF): CRC(0xBEEF) = 0x92
            byte[] word = { 0xBE, 0xEF, 0x92 };
            Assert.AreEqual(0x92, (int)Sht4xCrc.Compute(word, 0, 2));
            Assert.IsTrue(Sht4xCrc.CheckWord(word, 0));
            word[2] = 0x93;
            Assert.IsTrue(!Sht4xCrc.CheckWord(word, 0));
        }

        private static bool ParsesCompletely(string json)
        {
            byte[] data = new byte[json.Length];
            for (int i = 0; i < json.Length; i++)
            {
                data[i] = (byte)json[i];
            }

            JsonReader r = new JsonReader(8);
            r.Reset(data, 0, data.Length);
            while (r.Read())
            {
            }

            // Read() returns false at the end of the document and on the first error.
            return r.TokenType == JsonTokenType.EndOfDocument;
        }

        [TestMethod]
        public void Json_reader_accepts_valid_documents_and_rejects_broken_ones()
        {
            // RFC 8259 grammar
            Assert.IsTrue(ParsesCompletely("{\"state\":{\"alarm_low_lel_pct\":12.5},\"version\":7}"));
            Assert.IsTrue(ParsesCompletely("[1,-2.5e3,true,false,null,\"a\\u00e9\"]"));
            Assert.IsTrue(!ParsesCompletely("{\"a\":1,}"));      // trailing comma
            Assert.IsTrue(!ParsesCompletely("{\"a\":01}"));      // leading zero
            Assert.IsTrue(!ParsesCompletely("{\"a\":1"));        // unterminated object
            Assert.IsTrue(!ParsesCompletely("[[[[[[[[[[1]]]]]]]]]]")); // deeper than the reader's 8 levels
        }

        [TestMethod]
        public void Http_download_outcomes_follow_the_core_contract()
        {
            Assert.AreEqual((int)DownloadStatus.Ok, (int)HttpDownloadStatus.Classify(206, 4096));
            Assert.AreEqual((int)DownloadStatus.RangeNotSupported, (int)HttpDownloadStatus.Classify(200, 4096));
            Assert.AreEqual((int)DownloadStatus.Ok, (int)HttpDownloadStatus.Classify(200, 0));
            Assert.AreEqual((int)DownloadStatus.NotFound, (int)HttpDownloadStatus.Classify(403, 0)); // expired presigned URL
            Assert.AreEqual((int)DownloadStatus.ServerError, (int)HttpDownloadStatus.Classify(503, 0));
            // RFC 9110 section 14.4: "bytes 21010-47021/47022"
            Assert.AreEqual(47022L, HttpDownloadStatus.ContentRangeTotal("bytes 21010-47021/47022"));
            Assert.AreEqual(-1L, HttpDownloadStatus.ContentRangeTotal("bytes 0-1/*"));
        }
    }
}
