namespace Methane.Firmware.Core.Devices.Sht4x
{
    /// <summary>Maximum durations from the SHT4x datasheet ("Timings"), in microseconds, and the driver's waits in milliseconds.</summary>
    public static class Sht4xTiming
    {
        /// <summary>Measurement duration, high repeatability: typ 6.9 ms, max 8.3 ms.</summary>
        public const int MeasureHighMaxMicroseconds = 8300;
        /// <summary>Measurement duration, medium repeatability: typ 3.7 ms, max 4.5 ms.</summary>
        public const int MeasureMediumMaxMicroseconds = 4500;
        /// <summary>Measurement duration, low repeatability: typ 1.3 ms, max 1.6 ms.</summary>
        public const int MeasureLowMaxMicroseconds = 1600;
        /// <summary>Soft reset time: max 1 ms.</summary>
        public const int SoftResetMaxMicroseconds = 1000;
        /// <summary>
        /// The datasheet gives no duration for the serial-number read; Sensirion's reference driver waits 10 ms, and so do we.
        /// </summary>
        public const int ReadSerialNumberWaitMilliseconds = 10;

        /// <summary>Command byte for a precision.</summary>
        public static byte MeasureCommand(Precision precision)
        {
            switch (precision)
            {
                case Precision.Medium: return Command.MeasureMediumPrecision;
                case Precision.Low: return Command.MeasureLowPrecision;
                default: return Command.MeasureHighPrecision;
            }
        }

        /// <summary>Maximum measurement duration for a precision, in microseconds.</summary>
        public static int MeasureMaxMicroseconds(Precision precision)
        {
            switch (precision)
            {
                case Precision.Medium: return MeasureMediumMaxMicroseconds;
                case Precision.Low: return MeasureLowMaxMicroseconds;
                default: return MeasureHighMaxMicroseconds;
            }
        }

        /// <summary>Milliseconds, rounded up.</summary>
        public static int CeilMilliseconds(int microseconds)
        {
            return (microseconds + 999) / 1000;
        }
    }
}
