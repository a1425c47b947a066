namespace Methane.Firmware.Core.Ota
{
    /// <summary>Persisted update state (byte values are stored: do not renumber).</summary>
    public enum OtaState
    {
        /// <summary>Nothing in progress; the active slot runs.</summary>
        Idle = 0,
        /// <summary>The staging slot is being filled; resumable at its stored length.</summary>
        Downloading = 1,
        /// <summary>The staging slot holds the verified image and its commit marker.</summary>
        Staged = 2,
        /// <summary>Apply requested; the next boot starts the trial of the staged image.</summary>
        Rebooting = 3,
        /// <summary>The staged image runs on probation; every boot counts, and it must confirm within the window.</summary>
        Trial = 4,
        /// <summary>The new image connected and published; it is the active slot now. Waiting for the job report.</summary>
        Confirmed = 5,
        /// <summary>The trial failed; the previous image runs again. Waiting for the job report.</summary>
        RolledBack = 6,
        /// <summary>Download or verification failed before apply; the active slot never changed. Waiting for the job report.</summary>
        Failed = 7,
    }
}
