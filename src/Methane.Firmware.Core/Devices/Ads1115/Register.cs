namespace Methane.Firmware.Core.Devices.Ads1115
{
    /// <summary>Address Pointer Register values P[1:0] (ADS111x datasheet, Table 8-6 "Register Map").</summary>
    public enum Register : byte
    {
        /// <summary>Conversion register: last result, 16-bit two's complement, read-only.</summary>
        Conversion = 0x00,
        /// <summary>Config register: OS, MUX, PGA, MODE, DR, comparator settings. Reset value 0x8583.</summary>
        Config = 0x01,
        /// <summary>Lo_thresh register. Reset value 0x8000.</summary>
        LoThresh = 0x02,
        /// <summary>Hi_thresh register. Reset value 0x7FFF.</summary>
        HiThresh = 0x03,
    }
}
