namespace Methane.Firmware.Core.Jobs
{
    /// <summary>AWS IoT job execution status (wire names in <see cref="JobStatusNames"/>).</summary>
    public enum JobExecutionStatus
    {
        Unknown = 0,
        Queued = 1,
        InProgress = 2,
        Succeeded = 3,
        Failed = 4,
        Rejected = 5,
        Canceled = 6,
        TimedOut = 7,
        Removed = 8,
    }

    public static class JobStatusNames
    {
        public static string Wire(JobExecutionStatus status)
        {
            switch (status)
            {
                case JobExecutionStatus.Queued: return "QUEUED";
                case JobExecutionStatus.InProgress: return "IN_PROGRESS";
                case JobExecutionStatus.Succeeded: return "SUCCEEDED";
                case JobExecutionStatus.Failed: return "FAILED";
                case JobExecutionStatus.Rejected: return "REJECTED";
                case JobExecutionStatus.Canceled: return "CANCELED";
                case JobExecutionStatus.TimedOut: return "TIMED_OUT";
                case JobExecutionStatus.Removed: return "REMOVED";
                default: return "UNKNOWN";
            }
        }

        public static bool IsTerminal(JobExecutionStatus status)
        {
            return status >= JobExecutionStatus.Succeeded;
        }

        internal static JobExecutionStatus Parse(Json.JsonReader r)
        {
            for (int s = (int)JobExecutionStatus.Queued; s <= (int)JobExecutionStatus.Removed; s++)
            {
                if (r.ValueEquals(Wire((JobExecutionStatus)s)))
                {
                    return (JobExecutionStatus)s;
                }
            }
            return JobExecutionStatus.Unknown;
        }
    }
}
