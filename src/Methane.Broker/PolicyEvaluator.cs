using Methane.Firmware.Core.Mqtt;

namespace Methane.Broker;

/// <summary>
/// Evaluates <see cref="DevicePolicy"/> for one identity. Devices get exactly the rules; a thing without a registered site
/// gets none of the rules that name <c>{site}</c>. Services (certificates with the service key usage) may subscribe to
/// anything and publish only service-side shadow and jobs topics. Retained publishes are refused to everyone (AWS IoT
/// grants them only with iot:RetainPublish, which the project's policy does not).
/// </summary>
public sealed class PolicyEvaluator
{
    /// <summary>The only topics a service may publish to: the service side of shadows and jobs.</summary>
    public const string ServicePublishPrefix = "$aws/things/";

    private readonly Func<string, string?> _siteOf;

    /// <param name="siteOf">The registered site of a thing, or null when it has none.</param>
    public PolicyEvaluator(Func<string, string?> siteOf)
    {
        _siteOf = siteOf;
    }

    public string? SiteOf(string thing) => _siteOf(thing);

    /// <summary>Null when allowed, else why not (names the topic and what was expected).</summary>
    public string? CheckPublish(string identity, bool isService, string topic, bool retain)
    {
        if (retain) return $"retained publish to '{topic}' (retained messages are not allowed)";
        if (!TopicNames.IsValidTopic(topic)) return $"topic '{topic}' is not a valid topic name (wildcards, > 256 bytes or > 7 slashes)";
        if (isService)
        {
            return topic.StartsWith(ServicePublishPrefix, StringComparison.Ordinal)
                ? null
                : $"service '{identity}' may publish only under {ServicePublishPrefix}, not '{topic}'";
        }
        string? site = _siteOf(identity);
        string[] levels = topic.Split('/');
        foreach (TopicRule rule in DevicePolicy.Rules)
        {
            if (rule.Access == TopicAccess.Publish && PublishMatches(rule, levels, identity, site)) return null;
        }
        return site is null && topic.StartsWith("dt/", StringComparison.Ordinal)
            ? $"thing '{identity}' has no registered site, so it may not publish '{topic}'"
            : $"thing '{identity}' may not publish to '{topic}' (allowed: its own data, shadow and job request topics)";
    }

    /// <summary>Null when allowed, else why not.</summary>
    public string? CheckSubscribe(string identity, bool isService, string filter)
    {
        if (isService) return null;
        string? site = _siteOf(identity);
        string[] levels = filter.Split('/');
        foreach (TopicRule rule in DevicePolicy.Rules)
        {
            if (rule.Access == TopicAccess.Subscribe && Covers(rule, levels, identity, site)) return null;
        }
        return $"thing '{identity}' may not subscribe to '{filter}' (allowed: its own shadow, jobs and command topics)";
    }

    private static bool PublishMatches(TopicRule rule, string[] topic, string thing, string? site)
    {
        string[] pattern = rule.Levels;
        if (pattern.Length != topic.Length) return false;
        for (int i = 0; i < pattern.Length; i++)
        {
            string p = pattern[i];
            string t = topic[i];
            bool ok = p switch
            {
                TopicRule.Thing => t == thing,
                TopicRule.Site => site != null && t == site,
                TopicRule.JobId => TopicNames.IsValidJobId(t),
                _ => p == t,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>True when every topic the requested filter can match is matched by the rule's filter.</summary>
    private static bool Covers(TopicRule rule, string[] filter, string thing, string? site)
    {
        string[] pattern = rule.Levels;
        for (int i = 0; i < filter.Length; i++)
        {
            if (i >= pattern.Length) return false;
            string p = pattern[i];
            string f = filter[i];
            if (p == "#") return true;
            if (f == "#") return false; // the request reaches deeper than a non-'#' rule level
            bool ok = p switch
            {
                TopicRule.Thing => f == thing,
                TopicRule.Site => site != null && f == site,
                TopicRule.JobId => TopicNames.IsValidJobId(f) || f == "+",
                "+" => true,
                _ => p == f,
            };
            if (!ok) return false;
        }
        return filter.Length == pattern.Length;
    }
}
