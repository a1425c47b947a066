namespace Methane.Firmware.Core.Ota
{
    /// <summary>Download progress, raised at bounded intervals (a percent step or a time interval), never per chunk.</summary>
    public delegate void OtaProgressHandler(long receivedBytes, long totalBytes, int percent);
}
