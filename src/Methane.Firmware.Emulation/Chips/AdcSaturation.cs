namespace Methane.Firmware.Emulation.Chips;

/// <summary>Forced full-scale output of an emulated converter.</summary>
public enum AdcSaturation
{
    None,
    /// <summary>ADS1115: every conversion yields 0x7FFF. SHT4x: both words 0xFFFF.</summary>
    High,
    /// <summary>ADS1115: every conversion yields 0x8000. SHT4x: both words 0x0000.</summary>
    Low,
}
