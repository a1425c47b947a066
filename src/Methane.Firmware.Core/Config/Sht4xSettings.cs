namespace Methane.Firmware.Core.Config
{
    /// <summary>The SHT4x temperature/humidity sensor ("parts.sht4x.*").</summary>
    public sealed class Sht4xSettings
    {
        public const string Section = "parts.sht4x";

        /// <summary>7-bit address: 0x44 (SHT40-AD1B), 0x45 (-BD1B) or 0x46 (-CD1B).</summary>
        public int Address;

        public string Validate()
        {
            return ConfigCheck.Address(Section + ".address", Address, 0x44, 0x46);
        }
    }
}
