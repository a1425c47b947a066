using System.Text;

namespace Methane.Broker;

/// <summary>
/// Renders <see cref="DevicePolicy"/> as a Mosquitto ACL file. Rules without <c>{site}</c> become <c>pattern</c> lines on
/// <c>%u</c> (the certificate CN, via <c>use_identity_as_username</c>); rules with <c>{site}</c> become a <c>user</c> block
/// per registered thing with its literal site, so an unregistered thing has no data topics at all. <c>{jobId}</c> becomes
/// <c>+</c> (Mosquitto cannot check the job-id alphabet; the level stays single). Publish rules are <c>write</c>, subscribe
/// rules <c>read</c>. Services are not in the file: the methane-gate plugin grants their role by the service extended key
/// usage and gives them a username no device can have, so no line here matches them.
/// </summary>
public static class MosquittoAcl
{
    /// <param name="sites">Registered thing → site; null renders the site level as '+' (harnesses that register nothing).</param>
    public static string Render(IReadOnlyDictionary<string, string>? sites)
    {
        var acl = new StringBuilder();
        acl.AppendLine("# Generated from Methane.Broker.DevicePolicy: %u is the certificate CN = thing name = client id.");
        foreach (TopicRule rule in DevicePolicy.Rules)
        {
            if (rule.UsesSite && sites != null) continue;
            acl.Append("pattern ").Append(Access(rule)).Append(' ').AppendLine(Topic(rule, "%u", "+"));
        }
        if (sites != null)
        {
            foreach (KeyValuePair<string, string> thing in sites.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                acl.AppendLine().Append("user ").AppendLine(thing.Key);
                foreach (TopicRule rule in DevicePolicy.Rules)
                {
                    if (!rule.UsesSite) continue;
                    acl.Append("topic ").Append(Access(rule)).Append(' ').AppendLine(Topic(rule, thing.Key, thing.Value));
                }
            }
        }
        return acl.ToString();
    }

    private static string Access(TopicRule rule) => rule.Access == TopicAccess.Publish ? "write" : "read";

    private static string Topic(TopicRule rule, string thing, string site) =>
        string.Join('/', rule.Levels.Select(level => level switch
        {
            TopicRule.Thing => thing,
            TopicRule.Site => site,
            TopicRule.JobId => "+",
            _ => level,
        }));
}
