using Methane.Firmware.Core.Devices;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Where <see cref="MeasurementCycle"/> gets the methane sensor's output voltage from: an ADC chip behind the I2C bus
    /// (ADS1115 today). A new ADC chip implements this in its own folder under Devices/.
    /// </summary>
    public interface IMethaneInput
    {
        /// <summary>One conversion: the raw code, the input voltage it means and whether it sits at full scale.</summary>
        DeviceStatus Read(out short raw, out double volts, out bool saturated);

        /// <summary>Takes over changed board settings (gain, rate, channel).</summary>
        void ApplySettings();
    }
}
