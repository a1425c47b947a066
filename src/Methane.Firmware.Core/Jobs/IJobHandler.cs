namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Carries out jobs for <see cref="JobsClient"/>. The handler reports through <see cref="JobsClient.ReportProgress"/> and
    /// <see cref="JobsClient.Finish"/>, now or from later loop turns; one job at a time.
    /// </summary>
    public interface IJobHandler
    {
        /// <summary>
        /// A validated job is IN_PROGRESS for this device. <paramref name="resumedPhase"/> is -1 for a job seen for the first
        /// time, otherwise the phase last stored with <see cref="JobsClient.SetPhase"/> (0 if none) before a reboot or reconnect.
        /// The document is only valid during the call: copy what you keep.
        /// </summary>
        void OnJobStarted(JobsClient client, string jobId, JobDocument document, byte[] documentBuffer, int resumedPhase);

        /// <summary>The service accepted the final status sent with <see cref="JobsClient.Finish"/> (or already had one).</summary>
        void OnJobFinished(JobsClient client, string jobId);

        /// <summary>The job was cancelled, removed or timed out by the service before this device finished it.</summary>
        void OnJobCancelled(JobsClient client, string jobId);
    }
}
