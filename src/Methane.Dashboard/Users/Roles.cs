namespace Methane.Dashboard.Users;

/// <summary>admin: every site, manages users. operator: granted sites, acknowledges alarms. viewer: granted sites, read-only.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Admin, Operator, Viewer];

    public static bool IsValid(string role) => Array.IndexOf(All, role) >= 0;
}

public sealed record DashboardUser(string Name, string Role, IReadOnlyList<string> Sites, bool LockedOut, long LockedUntilMs, string Stamp);

public sealed record AuditEntry(long AtMs, string Actor, string Action, string Target, string Detail);

public sealed record AlarmAck(string Site, string Thing, long Seq, long EventMs, string Source, string User, long AtMs);

/// <summary>A request the user store refuses (unknown user, bad role, weak password): the message names the field and value.</summary>
public sealed class UserStoreException(string message) : Exception(message);
