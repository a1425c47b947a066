namespace Methane.Firmware.Core.Sensing
{
    /// <summary>Telemetry <c>alarm</c> field (schema v1). Part of the wire contract.</summary>
    public static class AlarmLevel
    {
        public const int None = 0;
        /// <summary>Low alarm (typically 10 %LEL), confirmed over N samples.</summary>
        public const int Low = 1;
        /// <summary>High alarm (typically 20 %LEL), confirmed over N samples.</summary>
        public const int High = 2;
    }
}
