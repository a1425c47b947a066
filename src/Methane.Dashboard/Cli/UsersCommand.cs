using Methane.Dashboard.Users;

namespace Methane.Dashboard.Cli;

/// <summary><c>users add|list|grant|revoke|reset-password|remove</c> on the account database; every change is audited as 'cli'.</summary>
public static class UsersCommand
{
    private const string Actor = "cli";

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, string program)
    {
        if (!DashboardCli.TryParse(args, ["--users", "--role", "--site"], ["--password-stdin"], out var o, out var flags, out var p, out string error))
            return Fail(stderr, error, program);
        if (p.Count == 0) return Fail(stderr, "missing subcommand; expected add, list, grant, revoke, reset-password or remove", program);
        var users = new UserStore(o.GetValueOrDefault("--users", DashboardCli.DefaultUsersPath));
        try
        {
            switch (p[0])
            {
                case "add":
                {
                    if (p.Count != 2) return Fail(stderr, "add: expected one user name", program);
                    if (!o.TryGetValue("--role", out string? role)) return Fail(stderr, "add: --role: missing; expected admin, operator or viewer", program);
                    string password = Password(flags, stdin, out bool generated);
                    users.Add(p[1], role, password, Actor);
                    if (o.TryGetValue("--site", out string? site)) users.Grant(p[1], site, Actor);
                    stdout.WriteLine($"users: added {p[1]} ({role}{(site is null ? "" : ", site " + site)})");
                    if (generated) stdout.WriteLine($"users: password for {p[1]}, shown only now: {password}");
                    return 0;
                }
                case "list":
                    foreach (DashboardUser u in users.List())
                        stdout.WriteLine($"{u.Name,-24} {u.Role,-9} {(u.Role == Roles.Admin ? "all sites" : u.Sites.Count == 0 ? "no site" : string.Join(",", u.Sites))}{(u.LockedOut ? "  locked" : "")}");
                    return 0;
                case "grant":
                case "revoke":
                    if (p.Count != 3) return Fail(stderr, $"{p[0]}: expected NAME SITE", program);
                    if (p[0] == "grant") users.Grant(p[1], p[2], Actor); else users.Revoke(p[1], p[2], Actor);
                    stdout.WriteLine($"users: {(p[0] == "grant" ? "granted" : "revoked")} {p[2]} {(p[0] == "grant" ? "to" : "from")} {p[1]}");
                    return 0;
                case "reset-password":
                {
                    if (p.Count != 2) return Fail(stderr, "reset-password: expected one user name", program);
                    string password = Password(flags, stdin, out bool generated);
                    users.ResetPassword(p[1], password, Actor);
                    stdout.WriteLine(generated ? $"users: new password for {p[1]}, shown only now: {password}" : $"users: password of {p[1]} set");
                    return 0;
                }
                case "remove":
                    if (p.Count != 2) return Fail(stderr, "remove: expected one user name", program);
                    users.Remove(p[1], Actor);
                    stdout.WriteLine($"users: removed {p[1]}");
                    return 0;
                default:
                    return Fail(stderr, $"unknown subcommand '{p[0]}'; expected add, list, grant, revoke, reset-password or remove", program);
            }
        }
        catch (UserStoreException e)
        {
            stderr.WriteLine("users: " + e.Message);
            return 1;
        }
    }

    /// <summary>The first line of standard input with --password-stdin; else a generated one.</summary>
    private static string Password(HashSet<string> flags, TextReader stdin, out bool generated)
    {
        generated = !flags.Contains("--password-stdin");
        return generated ? UserStore.GeneratePassword() : (stdin.ReadLine() ?? "");
    }

    private static int Fail(TextWriter stderr, string message, string program)
    {
        stderr.WriteLine("users: " + message);
        stderr.WriteLine(DashboardCli.Usage(program));
        return 2;
    }
}
