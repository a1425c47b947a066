namespace Methane.Firmware.Core.Config
{
    /// <summary>The ADS1115 reading the TGS2611 load resistor ("parts.ads1115.*"). Plain numbers; the driver maps them to register bits.</summary>
    public sealed class Ads1115Settings
    {
        public const string Section = "parts.ads1115";

        /// <summary>Full-scale ranges of the PGA in millivolts (datasheet table 3: ±6.144 V .. ±0.256 V).</summary>
        public static readonly int[] FullScaleMillivoltsAllowed = { 6144, 4096, 2048, 1024, 512, 256 };
        /// <summary>Data rates in samples per second (datasheet: DR[2:0] = 000..111).</summary>
        public static readonly int[] DataRatesAllowed = { 8, 16, 32, 64, 128, 250, 475, 860 };

        /// <summary>7-bit address, 0x48..0x4B depending on the ADDR pin.</summary>
        public int Address;
        public int FullScaleMillivolts;
        public int DataRateSps;
        /// <summary>Single-ended input AINx against GND, 0..3.</summary>
        public int Channel;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Address(Section + ".address", Address, 0x48, 0x4B)) != null) { return r; }
            if ((r = ConfigCheck.OneOf(Section + ".fullScaleMillivolts", FullScaleMillivolts, FullScaleMillivoltsAllowed)) != null) { return r; }
            if ((r = ConfigCheck.OneOf(Section + ".dataRateSps", DataRateSps, DataRatesAllowed)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".channel", Channel, 0, 3)) != null) { return r; }
            return null;
        }
    }
}
