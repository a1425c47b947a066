namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Which AWS IoT Jobs API topic of a thing an inbound topic is (as the AWS embedded Jobs library's JobsTopic_t): the
    /// notifications and the accepted/rejected replies a device subscribes to.
    /// </summary>
    public enum JobsTopic
    {
        /// <summary>Not a jobs topic of this thing, or not one the device receives.</summary>
        Invalid = 0,
        /// <summary>…/jobs/notify: the list of pending jobs changed.</summary>
        JobsChanged = 1,
        /// <summary>…/jobs/notify-next: the next pending job changed.</summary>
        NextJobChanged = 2,
        /// <summary>…/jobs/get/accepted and …/rejected: replies to GetPendingJobExecutions.</summary>
        GetPendingAccepted = 3,
        GetPendingRejected = 4,
        /// <summary>…/jobs/start-next/accepted and …/rejected: replies to StartNextPendingJobExecution.</summary>
        StartNextAccepted = 5,
        StartNextRejected = 6,
        /// <summary>…/jobs/{jobId}/get/accepted and …/rejected: replies to DescribeJobExecution.</summary>
        DescribeAccepted = 7,
        DescribeRejected = 8,
        /// <summary>…/jobs/{jobId}/update/accepted and …/rejected: replies to UpdateJobExecution.</summary>
        UpdateAccepted = 9,
        UpdateRejected = 10,
    }
}
