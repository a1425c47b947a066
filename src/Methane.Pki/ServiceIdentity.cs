using System.Security.Cryptography;

namespace Methane.Pki;

/// <summary>
/// Service identities (the local pipeline, observers, a test's stand-in for the cloud) read every device's topics, so
/// they must be impossible to mint with the device command. A service certificate carries an extended key usage that
/// device certificates never carry (<see cref="ServiceUsageOid"/>) and <c>OU=methane-service</c>; it is issued only by
/// <see cref="DevCertificateAuthority.IssueService"/> (<c>pki service NAME</c>). The embedded broker grants the service
/// role by that usage alone. Mosquitto cannot check an extended key usage, so there the role is an ACL <c>user</c> block
/// on the service's CN, and the device command refuses every CN in <see cref="ReservedNames"/> (and NAME-…).
/// </summary>
public static class ServiceIdentity
{
    /// <summary>
    /// id-kp for "methane service client", an OID under the UUID arc 2.25 (ITU-T X.667: no registration needed), derived
    /// from UUID c38f6287-900a-4d8f-94b5-0af9b380a92a.
    /// </summary>
    public const string ServiceUsageOid = "2.25.259943956045350469799798262336040511786";

    public const string OrganizationalUnit = "methane-service";

    public const string Pipeline = "methane-pipeline";
    public const string Observer = "methane-observer";
    public const string Admin = "methane-admin";

    public static IReadOnlyList<string> ReservedNames { get; } = new[] { Pipeline, Observer, Admin };

    public static Oid UsageOid => new(ServiceUsageOid, "Methane service client");

    /// <summary>True when <paramref name="name"/> is a service name or starts with one followed by '-'.</summary>
    public static bool IsReserved(string name)
    {
        foreach (string reserved in ReservedNames)
        {
            if (name == reserved || name.StartsWith(reserved + "-", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
