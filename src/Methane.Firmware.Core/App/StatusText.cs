using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.App
{
    /// <summary>Stable snake_case names for enums and levels (enum ToString on the device prints numbers).</summary>
    public static class StatusText
    {
        public static string Session(SessionState state)
        {
            switch (state)
            {
                case SessionState.WaitingForClock: return "waiting_for_clock";
                case SessionState.Connecting: return "connecting";
                case SessionState.Online: return "online";
                case SessionState.BackingOff: return "backing_off";
                default: return "unknown";
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
