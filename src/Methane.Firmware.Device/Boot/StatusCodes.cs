namespace Methane.Firmware.Device.Boot
{
    /// <summary>
    /// The boot and run states a technician can see in a Release build: one console line "STATUS &lt;name&gt; ..." on the
    /// console UART whenever the state changes, and, on a board with a status LED, N short blinks then a pause (N = code;
    /// -1 = LED steady on, 0 = one short flash every 3 s). Shared by the resident loader and the application; the field
    /// README's troubleshooting table lists exactly these names (a test checks both ways).
    /// </summary>
    public static class StatusCodes
    {
        public const int WaitingForProvisioning = -1;
        public const int Running = 0;
        public const int NoWifi = 1;
        public const int ClockNotSet = 2;
        public const int NoBroker = 3;
        public const int SensorFault = 4;
        public const int NoApplication = 5;
        public const int BadImage = 6;
        public const int RolledBack = 7;

        /// <summary>The word after "STATUS" on the console.</summary>
        public static string Name(int code)
        {
            switch (code)
            {
                case WaitingForProvisioning: return "waiting-for-provisioning";
                case Running: return "running";
                case NoWifi: return "no-wifi";
                case ClockNotSet: return "clock-not-set";
                case NoBroker: return "no-broker";
                case SensorFault: return "sensor-fault";
                case NoApplication: return "no-application";
                case BadImage: return "bad-image";
                case RolledBack: return "rolled-back";
                default: return "unknown";
            }
        }
    }
}
