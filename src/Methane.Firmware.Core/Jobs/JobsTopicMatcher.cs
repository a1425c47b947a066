namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Tells which jobs API topic an inbound topic is, for one thing, and where its job id is (as the AWS embedded Jobs
    /// library's Jobs_MatchTopic): $aws/things/{thing}/jobs/ followed by notify, notify-next, get/accepted|rejected,
    /// start-next/accepted|rejected, or {jobId}/get|update/accepted|rejected. Pure and allocation-free: it compares characters
    /// in place and returns offsets into the topic.
    /// </summary>
    public static class JobsTopicMatcher
    {
        private const string ThingsPrefix = "$aws/things/";
        private const string JobsLevel = "/jobs/";
        private const string Accepted = "/accepted";
        private const string Rejected = "/rejected";

        /// <param name="jobIdStart">Offset of the job id in <paramref name="topic"/> (Describe*/Update*), else -1.</param>
        /// <param name="jobIdLength">Its length, else 0.</param>
        public static JobsTopic Match(string topic, string thingName, out int jobIdStart, out int jobIdLength)
        {
            jobIdStart = -1;
            jobIdLength = 0;
            if (topic == null || thingName == null || thingName.Length == 0) return JobsTopic.Invalid;
            int at = 0;
            if (!JobsText.Matches(topic, at, ThingsPrefix)) return JobsTopic.Invalid;
            at += ThingsPrefix.Length;
            if (!JobsText.Matches(topic, at, thingName)) return JobsTopic.Invalid;
            at += thingName.Length;
            if (!JobsText.Matches(topic, at, JobsLevel)) return JobsTopic.Invalid;
            at += JobsLevel.Length;

            if (JobsText.IsRest(topic, at, "notify")) return JobsTopic.JobsChanged;
            if (JobsText.IsRest(topic, at, "notify-next")) return JobsTopic.NextJobChanged;
            JobsTopic reply = Reply(topic, at, "get", JobsTopic.GetPendingAccepted, JobsTopic.GetPendingRejected);
            if (reply != JobsTopic.Invalid) return reply;
            reply = Reply(topic, at, "start-next", JobsTopic.StartNextAccepted, JobsTopic.StartNextRejected);
            if (reply != JobsTopic.Invalid) return reply;

            // {jobId}/get|update/accepted|rejected: the job id is one non-empty level.
            int slash = topic.IndexOf('/', at);
            if (slash <= at) return JobsTopic.Invalid;
            int after = slash + 1;
            reply = Reply(topic, after, "get", JobsTopic.DescribeAccepted, JobsTopic.DescribeRejected);
            if (reply == JobsTopic.Invalid) reply = Reply(topic, after, "update", JobsTopic.UpdateAccepted, JobsTopic.UpdateRejected);
            if (reply == JobsTopic.Invalid) return JobsTopic.Invalid;
            jobIdStart = at;
            jobIdLength = slash - at;
            return reply;
        }

        /// <summary><paramref name="api"/>/accepted or <paramref name="api"/>/rejected as the rest of the topic from <paramref name="at"/>.</summary>
        private static JobsTopic Reply(string topic, int at, string api, JobsTopic accepted, JobsTopic rejected)
        {
            if (!JobsText.Matches(topic, at, api)) return JobsTopic.Invalid;
            at += api.Length;
            if (JobsText.IsRest(topic, at, Accepted)) return accepted;
            if (JobsText.IsRest(topic, at, Rejected)) return rejected;
            return JobsTopic.Invalid;
        }
    }
}
