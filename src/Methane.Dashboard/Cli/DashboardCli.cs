namespace Methane.Dashboard.Cli;

/// <summary>The dashboard's commands, shared by methane-dashboard and methane-demo (<c>methane-demo dashboard …</c>).</summary>
public static class DashboardCli
{
    public const string DefaultUsersPath = ".run/dashboard/users.db";

    public static string Usage(string program) =>
        $"usage: {program} dashboard --db FILE [--users FILE] [--url URL] [--cert FILE --key FILE]\n" +
        $"       {program} users (add NAME --role admin|operator|viewer [--site SITE] [--password-stdin] | list | grant NAME SITE |\n" +
        "                     revoke NAME SITE | reset-password NAME [--password-stdin] | remove NAME) [--users FILE]\n" +
        $"  --users FILE   the account database (SQLite; default {DefaultUsersPath}); created with an admin on first use\n" +
        "  --url URL      where to listen (default http://127.0.0.1:5080; port 0 = any free port)\n" +
        "  --cert FILE --key FILE   PEM server certificate and key for an https URL (the session cookie is then Secure)\n" +
        "  Dashboard__Auth=oidc and Dashboard__Oidc__* (environment) switch sign-in to OIDC; see src/Methane.Dashboard/README.md";

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, string program)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage(program));
            return args.Length == 0 ? 2 : 0;
        }
        string[] rest = args[1..];
        switch (args[0])
        {
            case "dashboard": return await ServeCommand.RunAsync(rest, stdout, stderr, program).ConfigureAwait(false);
            case "users": return UsersCommand.Run(rest, stdin, stdout, stderr, program);
            default:
                stderr.WriteLine($"{program}: unknown command '{args[0]}'; expected dashboard or users");
                stderr.WriteLine(Usage(program));
                return 2;
        }
    }

    /// <summary>Options as --name value pairs and flags; anything else is a positional argument. Error: the offending argument.</summary>
    public static bool TryParse(string[] args, string[] valued, string[] flags, out Dictionary<string, string> options,
        out HashSet<string> set, out List<string> positional, out string error)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        set = new HashSet<string>(StringComparer.Ordinal);
        positional = [];
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (Array.IndexOf(valued, a) >= 0)
            {
                if (i + 1 >= args.Length) { error = $"{a}: missing value"; return false; }
                options[a] = args[++i];
            }
            else if (Array.IndexOf(flags, a) >= 0) set.Add(a);
            else if (a.StartsWith("--", StringComparison.Ordinal)) { error = $"unknown option '{a}'"; return false; }
            else positional.Add(a);
        }
        return true;
    }
}
