namespace Methane.Firmware.Device.App.Board
{
    /// <summary>
    /// Pin and bus constants of the reference board (ESP32-WROOM-32 DevKitC with the ADS1115 + SHT4x carrier). They must
    /// match boards/esp32-devkitc.json; a different board needs a different build of this file.
    /// </summary>
    public static class BoardPins
    {
        /// <summary>nanoFramework I2C bus index for I2cConnectionSettings: bus 1 = the I2C1_DATA/I2C1_CLOCK pin functions.</summary>
        public const int I2cBusId = 1;
        public const int I2cSda = 21;
        public const int I2cScl = 22;

        public const int Ads1115Address = 0x48;
        public const int Sht4xAddress = 0x44;

        /// <summary>
        /// COM1 (UART0, the USB port) carries nanoFramework's wire protocol (debugger, deployment): the technician console is
        /// COM2 on these pins, reached with a 3.3 V USB-UART adapter (adapter TX -> GPIO16, adapter RX -> GPIO17, GND).
        /// </summary>
        public const string ConsolePort = "COM2";
        public const int ConsoleRx = 16;
        public const int ConsoleTx = 17;
        public const int ConsoleBaud = 115200;

        /// <summary>On-board blue LED of the DevKitC clones (GPIO2); -1 disables the status LED.</summary>
        public const int StatusLed = 2;
    }
}
