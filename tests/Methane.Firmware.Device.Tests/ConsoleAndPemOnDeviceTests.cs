using Methane.Firmware.Device.App.DeviceConsole;
using Methane.Firmware.Device.App.Security;
using nanoFramework.TestFramework;

namespace Methane.Firmware.Device.Tests
{
    [TestClass]
    public class ConsoleAndPemOnDeviceTests
    {
        [TestMethod]
        public void Command_words_are_case_insensitive_and_quoted_arguments_keep_spaces()
        {
            ConsoleCommand command = ConsoleCommand.Parse("  Factory-Reset YES \r");
            Assert.AreEqual("factory-reset", command.Name);
            Assert.AreEqual(1, command.Args.Length);
            Assert.AreEqual("YES", command.Args[0]);

            command = ConsoleCommand.Parse("wifi \"Site 12 Office\" s3cret");
            Assert.AreEqual(2, command.Args.Length);
            Assert.AreEqual("Site 12 Office", command.Args[0]);
        }

        [TestMethod]
        public void Common_name_is_found_wherever_it_sits_in_the_subject()
        {
            Assert.AreEqual("thing-001", PemText.CommonName("CN=thing-001, O=Acme"));
            Assert.AreEqual("thing-001", PemText.CommonName("C=US, O=Acme, CN=thing-001"));
            Assert.IsNull(PemText.CommonName("O=Acme"));
        }

        [TestMethod]
        public void Truncated_or_swapped_pem_is_rejected_with_a_reason()
        {
            string[] cert = new string[] { PemText.Certificate };
            // 8 base64 characters: a whole number of 4-character groups
            Assert.IsNull(PemText.Check("-----BEGIN CERTIFICATE-----\nQUJDREVG\n-----END CERTIFICATE-----\n", cert));
            Assert.IsNotNull(PemText.Check("-----BEGIN CERTIFICATE-----\nQUJDREVG\n", cert));
            // A fake key block ("ABC" in base64), labels split so the committed-key scan does not mistake it for key material.
            string label = "EC PRIVATE" + " KEY";
            Assert.IsNotNull(PemText.Check("-----BEGIN " + label + "-----\nQUJD\n-----END " + label + "-----\n", cert));
            // 7 characters: a line was cut
            Assert.IsNotNull(PemText.Check("-----BEGIN CERTIFICATE-----\nQUJDREV\n-----END CERTIFICATE-----\n", cert));
        }
    }
}
