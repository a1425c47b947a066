using Methane.Firmware.Core.Jobs;
using Xunit;

namespace Methane.Firmware.Core.Tests.Jobs;

/// <summary>
/// The jobs topic matcher against the topic names of the AWS IoT Jobs device MQTT API
/// (docs.aws.amazon.com/iot/latest/developerguide/jobs-mqtt-api.html), written out by hand for thing "dev-1".
/// </summary>
public sealed class JobsTopicMatcherTests
{
    public static TheoryData<string, JobsTopic, string?> Topics => new()
    {
        { "$aws/things/dev-1/jobs/notify", JobsTopic.JobsChanged, null },
        { "$aws/things/dev-1/jobs/notify-next", JobsTopic.NextJobChanged, null },
        { "$aws/things/dev-1/jobs/get/accepted", JobsTopic.GetPendingAccepted, null },
        { "$aws/things/dev-1/jobs/get/rejected", JobsTopic.GetPendingRejected, null },
        { "$aws/things/dev-1/jobs/start-next/accepted", JobsTopic.StartNextAccepted, null },
        { "$aws/things/dev-1/jobs/start-next/rejected", JobsTopic.StartNextRejected, null },
        { "$aws/things/dev-1/jobs/ota-2_0-0/get/accepted", JobsTopic.DescribeAccepted, "ota-2_0-0" },
        { "$aws/things/dev-1/jobs/ota-2_0-0/get/rejected", JobsTopic.DescribeRejected, "ota-2_0-0" },
        { "$aws/things/dev-1/jobs/j/update/accepted", JobsTopic.UpdateAccepted, "j" },
        { "$aws/things/dev-1/jobs/reboot-7/update/rejected", JobsTopic.UpdateRejected, "reboot-7" },
        // Requests the device itself publishes, and near misses.
        { "$aws/things/dev-1/jobs/start-next", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/reboot-7/update", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/get", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/notify-next/accepted", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/start-next/accepted/x", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs//update/accepted", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/a/b/update/accepted", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/reboot-7/update/accepte", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobs/", JobsTopic.Invalid, null },
        { "$aws/things/dev-10/jobs/notify-next", JobsTopic.Invalid, null },    // another thing whose name starts the same
        { "$aws/things/dev-/jobs/notify-next", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/shadow/update/delta", JobsTopic.Invalid, null },
        { "$aws/things/dev-1/jobsnotify-next", JobsTopic.Invalid, null },
        { "dt/methane/site-a/dev-1/telemetry", JobsTopic.Invalid, null },
        { "", JobsTopic.Invalid, null },
    };

    [Theory]
    [MemberData(nameof(Topics))]
    public void Topics_are_classified_and_the_job_id_is_located(string topic, JobsTopic expected, string? jobId)
    {
        JobsTopic kind = JobsTopicMatcher.Match(topic, "dev-1", out int start, out int length);
        Assert.Equal(expected, kind);
        if (jobId == null)
        {
            Assert.Equal(-1, start);
            Assert.Equal(0, length);
        }
        else
        {
            Assert.Equal(jobId, topic.Substring(start, length));
        }
    }

    [Fact]
    public void No_topic_or_no_thing_matches_nothing()
    {
        Assert.Equal(JobsTopic.Invalid, JobsTopicMatcher.Match(null!, "dev-1", out _, out _));
        Assert.Equal(JobsTopic.Invalid, JobsTopicMatcher.Match("$aws/things//jobs/notify", "", out _, out _));
        Assert.Equal(JobsTopic.Invalid, JobsTopicMatcher.Match("$aws/things/dev-1/jobs/notify", null!, out _, out _));
    }
}
