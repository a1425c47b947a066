using System;

namespace Methane.Firmware.Core.Mqtt
{
    /// <summary>
    /// Every topic of one device, built once at start (the only allocations), and the check that an inbound topic is one of
    /// this thing's own. Layout per DESIGN.md: dt/methane/{site}/{thing}/…, $aws/things/{thing}/shadow/…, …/jobs/….
    /// </summary>
    public sealed class Topics
    {
        private readonly string _thingPrefix;

        /// <summary>Throws ArgumentException for an invalid thing or site name (configuration error at start-up).</summary>
        public Topics(string thing, string site)
        {
            if (!TopicNames.IsValidThingName(thing)) throw new ArgumentException("invalid thing name", "thing");
            if (!TopicNames.IsValidSiteName(site)) throw new ArgumentException("invalid site name", "site");
            Thing = thing;
            Site = site;

            string data = "dt/methane/" + site + "/" + thing + "/";
            Telemetry = data + "telemetry";
            Batch = data + "batch";
            Alarm = data + "alarm";
            Health = data + "health";

            _thingPrefix = "$aws/things/" + thing + "/";
            string shadow = _thingPrefix + "shadow/";
            ShadowUpdate = shadow + "update";
            ShadowUpdateDelta = shadow + "update/delta";
            ShadowUpdateAccepted = shadow + "update/accepted";
            ShadowUpdateRejected = shadow + "update/rejected";
            ShadowGet = shadow + "get";
            ShadowGetAccepted = shadow + "get/accepted";
            ShadowGetRejected = shadow + "get/rejected";

            string jobs = _thingPrefix + "jobs/";
            JobsPrefix = jobs;
            JobsNotifyNext = jobs + "notify-next";
            JobsStartNext = jobs + "start-next";
            JobsStartNextAccepted = jobs + "start-next/accepted";
            JobsStartNextRejected = jobs + "start-next/rejected";
            // One filter covers {jobId}/update/accepted|rejected of every job, so no per-job subscribe is needed.
            JobsUpdateReplies = jobs + "+/update/+";

            if (!TopicNames.IsValidTopic(Telemetry) || !TopicNames.IsValidTopic(ShadowUpdateAccepted)
                || !TopicNames.IsValidTopic(JobsStartNextAccepted))
            {
                throw new ArgumentException("thing/site names make topics longer than AWS IoT allows");
            }

            Subscriptions = new string[]
            {
                ShadowUpdateDelta, ShadowUpdateAccepted, ShadowUpdateRejected, ShadowGetAccepted, ShadowGetRejected,
                JobsNotifyNext, JobsStartNextAccepted, JobsStartNextRejected, JobsUpdateReplies,
            };
        }

        public string Thing { get; private set; }
        public string Site { get; private set; }

        public string Telemetry { get; private set; }
        public string Batch { get; private set; }
        public string Alarm { get; private set; }
        public string Health { get; private set; }

        public string ShadowUpdate { get; private set; }
        public string ShadowUpdateDelta { get; private set; }
        public string ShadowUpdateAccepted { get; private set; }
        public string ShadowUpdateRejected { get; private set; }
        public string ShadowGet { get; private set; }
        public string ShadowGetAccepted { get; private set; }
        public string ShadowGetRejected { get; private set; }

        public string JobsPrefix { get; private set; }
        public string JobsNotifyNext { get; private set; }
        public string JobsStartNext { get; private set; }
        public string JobsStartNextAccepted { get; private set; }
        public string JobsStartNextRejected { get; private set; }
        /// <summary>Subscription filter for the replies to every job update: …/jobs/+/update/+.</summary>
        public string JobsUpdateReplies { get; private set; }

        /// <summary>Filters the session subscribes to after every connect (QoS 1).</summary>
        public string[] Subscriptions { get; private set; }

        /// <summary>$aws/things/{thing}/jobs/{jobId}/update; allocates (once per job). Null for an invalid job id.</summary>
        public string JobUpdate(string jobId)
        {
            if (!TopicNames.IsValidJobId(jobId)) return null;
            return JobsPrefix + jobId + "/update";
        }

        /// <summary>
        /// True when an inbound topic is under this device's own $aws/things/{thing}/ and has no wildcard or NUL.
        /// Anything else must be dropped (and counted) by the caller. Allocates nothing.
        /// </summary>
        public bool IsOwnInbound(string topic)
        {
            if (topic == null) return false;
            int n = _thingPrefix.Length;
            if (topic.Length <= n || topic.Length > TopicNames.MaxTopicBytes) return false;
            for (int i = 0; i < n; i++)
            {
                if (topic[i] != _thingPrefix[i]) return false;
            }
            for (int i = n; i < topic.Length; i++)
            {
                char c = topic[i];
                if (c == '+' || c == '#' || c == '\0') return false;
            }
            return true;
        }

        /// <summary>Ordinal equality without allocation (the adapter hands us a fresh string per message).</summary>
        public static bool Same(string a, string b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }
    }
}
