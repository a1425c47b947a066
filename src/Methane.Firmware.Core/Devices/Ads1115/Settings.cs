namespace Methane.Firmware.Core.Devices.Ads1115
{
    /// <summary>MUX[2:0]: input multiplexer configuration (AINp_AINn differential, or AINx against GND).</summary>
    public enum InputMultiplexer : byte
    {
        AIN0_AIN1 = 0,
        AIN0_AIN3 = 1,
        AIN1_AIN3 = 2,
        AIN2_AIN3 = 3,
        AIN0 = 4,
        AIN1 = 5,
        AIN2 = 6,
        AIN3 = 7,
    }

    /// <summary>PGA[2:0]: full-scale range of the programmable gain amplifier. Codes 101b..111b are all ±0.256 V.</summary>
    public enum MeasuringRange : byte
    {
        FS6144 = 0,
        FS4096 = 1,
        FS2048 = 2,
        FS1024 = 3,
        FS0512 = 4,
        FS0256 = 5,
    }

    /// <summary>MODE: 0 = continuous conversion, 1 = single-shot / power-down.</summary>
    public enum DeviceMode : byte
    {
        Continuous = 0,
        PowerDown = 1,
    }

    /// <summary>DR[2:0]: data rate in samples per second.</summary>
    public enum DataRate : byte
    {
        SPS008 = 0,
        SPS016 = 1,
        SPS032 = 2,
        SPS064 = 3,
        SPS128 = 4,
        SPS250 = 5,
        SPS475 = 6,
        SPS860 = 7,
    }

    /// <summary>COMP_MODE: 0 = traditional comparator, 1 = window comparator.</summary>
    public enum ComparatorMode : byte
    {
        Traditional = 0,
        Window = 1,
    }

    /// <summary>COMP_POL: ALERT/RDY pin polarity.</summary>
    public enum ComparatorPolarity : byte
    {
        ActiveLow = 0,
        ActiveHigh = 1,
    }

    /// <summary>COMP_LAT: latching comparator.</summary>
    public enum ComparatorLatching : byte
    {
        NonLatching = 0,
        Latching = 1,
    }

    /// <summary>COMP_QUE[1:0]: assert ALERT after 1, 2 or 4 conversions, or disable the comparator (11b, reset value).</summary>
    public enum ComparatorQueue : byte
    {
        AssertAfterOne = 0,
        AssertAfterTwo = 1,
        AssertAfterFour = 2,
        Disable = 3,
    }
}
