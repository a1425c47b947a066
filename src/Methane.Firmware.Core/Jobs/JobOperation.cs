namespace Methane.Firmware.Core.Jobs
{
    /// <summary>The job document's <c>operation</c>.</summary>
    public enum JobOperation
    {
        None = 0,
        Ota = 1,
        Reboot = 2,
        Config = 3,
    }
}
