using System.Text;

namespace Methane.Broker;

/// <summary>
/// Renders <see cref="DevicePolicy"/> as a Mosquitto ACL file. Rules without <c>{site}</c> become <c>pattern</c> lines on
/// <c>%u</c> (the certificate CN, via <c>use_identity_as_username</c>); rules with <c>{site}</c> become a <c>user</c> block
/// per registered thing with its literal site, so an unregistered thing has no data topics at all. <c>{jobId}</c> becomes
/// <c>+</c> (Mosquitto cannot check the job-id alphabet; the level stays single). Publish rules are <c>write</c>, subscribe
/// rules <c>read</c>. Services are <c>user</c> blocks on their CN, which the device command refuses to issue.
/// </summary>
public static class MosquittoAcl
{
    /// <param name="sites">Registered thing → site; null renders the site level as '+' (harnesses that register nothing).</param>
    /// <param name="readers">Service CNs that read every topic and write none.</param>
    /// <param name="writers">Service CNs that read and write every topic (a test's stand-in for the cloud side).</param>
    public static string Render(IReadOnlyDictionary<string, string>? sites, IEnumerable<string> readers, IEnumerable<string> writers)
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
        foreach (string reader in readers) AppendService(acl, reader, "read");
        foreach (string writer in writers) AppendService(acl, writer, "readwrite");
        return acl.ToString();
    }

    private static void AppendService(StringBuilder acl, string user, string access)
    {
        acl.AppendLine().Append("user ").AppendLine(user);
        // '#' does not match topics that start with '$' (MQTT 3.1.1 §4.7.2), hence the second line.
        acl.Append("topic ").Append(access).AppendLine(" #");
        acl.Append("topic ").Append(access).AppendLine(" $aws/#");
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
