using System;
using System.Device.Wifi;
using System.Threading;
using Methane.Firmware.Device.App.Adapters;
using Methane.Firmware.Device.App.DeviceConsole;
using nanoFramework.Networking;

namespace Methane.Firmware.Device.App.Net
{
    /// <summary>
    /// Wi-Fi (DHCP) then SNTP, in that order, before anything opens TLS: a certificate cannot be checked against a clock
    /// that still reads 1970. The outcome is a plain result the console, the LED and the health report can show.
    /// </summary>
    public static class NetworkBringUp
    {
        public const int ResultOk = 0;
        public const int ResultNoWifi = 1;
        public const int ResultClockNotSet = 2;

        public static int Connect(string ssid, string password, string ntpServer1, string ntpServer2, int timeoutMs, DeviceClock clock)
        {
            if (ntpServer1 != null && ntpServer1.Length > 0)
            {
                Sntp.Server1 = ntpServer1;
            }

            if (ntpServer2 != null && ntpServer2.Length > 0)
            {
                Sntp.Server2 = ntpServer2;
            }

            DeviceLog.Info("WIFI connecting ssid=" + ssid);
            CancellationTokenSource cts = new CancellationTokenSource(timeoutMs);
            bool connected = WifiNetworkHelper.ConnectDhcp(
                ssid,
                password,
                WifiReconnectionKind.Automatic,
                requiresDateTime: true,
                wifiAdapterId: 0,
                token: cts.Token);

            if (!connected && !clock.IsWallClockSet)
            {
                // ConnectDhcp also fails when the link is up but SNTP has not answered within the timeout: tell them apart.
                Exception helperException = WifiNetworkHelper.HelperException;
                DeviceLog.Error("WIFI FAIL status=" + WifiNetworkHelper.Status.ToString()
                    + (helperException != null ? " error=" + helperException.Message : string.Empty));
                if (WifiNetworkHelper.Status != NetworkHelperStatus.TokenExpiredWaitingDateTime)
                {
                    return ResultNoWifi;
                }
            }

            if (!clock.IsWallClockSet)
            {
                DeviceLog.Info("SNTP requesting time from " + Sntp.Server1);
                Sntp.UpdateNow();
                for (int i = 0; i < 20 && !clock.IsWallClockSet; i++)
                {
                    Thread.Sleep(500);
                }
            }

            if (!clock.IsWallClockSet)
            {
                DeviceLog.Error("CLOCK NOT SET: SNTP gave no time (UDP 123 blocked? wrong NTP server?) - TLS is not attempted");
                return connected ? ResultClockNotSet : ResultNoWifi;
            }

            DeviceLog.Info("WIFI up, clock set utc=" + DateTime.UtcNow.ToString());
            return ResultOk;
        }
    }
}
