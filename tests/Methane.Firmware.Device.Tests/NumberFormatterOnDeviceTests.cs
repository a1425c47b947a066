using System.Text;
using Methane.Firmware.Core.Text;
using nanoFramework.TestFramework;

namespace Methane.Firmware.Device.Tests
{
    /// <summary>
    /// The core formats every telemetry number itself (nanoFramework's ToString formats are limited). These run the same
    /// code on the ESP32's double arithmetic; expected strings are worked by hand from the documented contract.
    /// </summary>
    [TestClass]
    public class NumberFormatterOnDeviceTests
    {
        private static string Fixed(double value, int decimals)
        {
            byte[] buffer = new byte[40];
            int end = NumberFormatter.WriteFixed(value, decimals, buffer, 0, buffer.Length);
            return end < 0 ? null : Encoding.UTF8.GetString(buffer, 0, end);
        }

        private static string Int(long value)
        {
            byte[] buffer = new byte[24];
            int end = NumberFormatter.WriteInt64(value, buffer, 0, buffer.Length);
            return Encoding.UTF8.GetString(buffer, 0, end);
        }

        [TestMethod]
        public void Integers_match_their_decimal_spelling()
        {
            Assert.AreEqual("-45", Int(-45));
            Assert.AreEqual("0", Int(0));
            // 2^53 - 1, the largest JSON-safe integer used for seq
            Assert.AreEqual("9007199254740991", Int(9007199254740991L));
            // -2^63 has no positive counterpart in long
            Assert.AreEqual("-9223372036854775808", Int(long.MinValue));
        }

        [TestMethod]
        public void Fixed_point_rounds_half_away_from_zero()
        {
            // 21.5 and 0.125 are exact binary fractions, so the half cases are real halves.
            Assert.AreEqual("21.50", Fixed(21.5, 2));
            Assert.AreEqual("-0.13", Fixed(-0.125, 2));
            Assert.AreEqual("3", Fixed(3.0, 0));
            // rounds to zero: written without a sign
            Assert.AreEqual("0.00", Fixed(-0.001, 2));
        }

        [TestMethod]
        public void Not_a_number_is_refused()
        {
            Assert.IsNull(Fixed(double.NaN, 1));
        }
    }
}
