using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.App
{
    /// <summary>Stable snake_case names for enums and levels (enum ToString on the device prints numbers).</summary>
    public static class StatusText
    {
        // The health message names the session state every minute: held in fields, because on nanoCLR every string literal
        // evaluated allocates.
        private static readonly string WaitingForClock = "waiting_for_clock";
        private static readonly string Connecting = "connecting";
        private static readonly string Online = "online";
        private static readonly string BackingOff = "backing_off";
        private static readonly string UnknownSession = "unknown";

        public static string Session(SessionState state)
        {
            switch (state)
            {
                case SessionState.WaitingForClock: return WaitingForClock;
                case SessionState.Connecting: return Connecting;
                case SessionState.Online: return Online;
                case SessionState.BackingOff: return BackingOff;
                default: return UnknownSession;
            }
        }

        public static string Transport(MqttTransportStatus status)
        {
            switch (status)
            {
                case MqttTransportStatus.Ok: return "ok";
                case MqttTransportStatus.NetworkError: return "network_error";
                case MqttTransportStatus.Refused: return "refused";
                case MqttTransportStatus.Timeout: return "timeout";
                case MqttTransportStatus.NotConnected: return "not_connected";
                case MqttTransportStatus.SubscribeRejected: return "subscribe_rejected";
                case MqttTransportStatus.InvalidArgument: return "invalid_argument";
                default: return "unknown";
            }
        }

        public static string Device(DeviceStatus status)
        {
            switch (status)
            {
                case DeviceStatus.Ok: return "ok";
                case DeviceStatus.AddressNack: return "address_nack";
                case DeviceStatus.DataNack: return "data_nack";
                case DeviceStatus.BusError: return "bus_error";
                case DeviceStatus.CrcError: return "crc_error";
                case DeviceStatus.ConversionTimeout: return "conversion_timeout";
                default: return "unknown";
            }
        }

        public static string Alarm(int level)
        {
            switch (level)
            {
                case AlarmLevel.None: return "none";
                case AlarmLevel.Low: return "low";
                case AlarmLevel.High: return "high";
                default: return "unknown";
            }
        }
    }
}
