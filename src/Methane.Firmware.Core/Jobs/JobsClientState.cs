namespace Methane.Firmware.Core.Jobs
{
    public enum JobsClientState
    {
        /// <summary>No job; waiting for notify-next (or the idle poll).</summary>
        Idle = 0,
        /// <summary>start-next sent, waiting for its reply.</summary>
        Requesting = 1,
        /// <summary>A job is IN_PROGRESS on this device; the handler works on it and reports through the client.</summary>
        Running = 2,
    }
}
