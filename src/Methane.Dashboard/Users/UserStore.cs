using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Methane.Dashboard.Users;

/// <summary>
/// Accounts, site grants, the audit log and alarm acknowledgements in one SQLite file. Passwords are hashed with ASP.NET
/// Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2). A user locked out after <see cref="LockoutPolicy.MaxFailures"/>
/// failed logins stays locked for <see cref="LockoutPolicy.Duration"/>; a name that is not an account is locked the same way
/// (in memory, <see cref="UnknownNameLockout"/>), so the answers do not tell which names exist. Sign-in sessions live in the
/// <c>sessions</c> table (<see cref="SessionStore"/>); a password reset, a role or grant change and a removal end all of
/// the user's sessions, and the stamp changes on every password or role change as well.
/// </summary>
public sealed class UserStore
{
    private readonly string _connectionString;
    private readonly PasswordHasher<string> _hasher = new();
    private readonly TimeProvider _clock;
    private readonly UnknownNameLockout _unknown = new();

    public UserStore(string path, LockoutPolicy? lockout = null, TimeProvider? clock = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        OwnerOnly.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        Lockout = lockout ?? new LockoutPolicy();
        _clock = clock ?? TimeProvider.System;
        using SqliteConnection c = Open();
        OwnerOnly.RestrictFile(Path);
        Run(c, """
            CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
              failed INTEGER NOT NULL DEFAULT 0, locked_until_ms INTEGER NOT NULL DEFAULT 0, stamp TEXT NOT NULL, created_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS grants (user TEXT NOT NULL, site TEXT NOT NULL, PRIMARY KEY (user, site));
            CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, actor TEXT NOT NULL,
              action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS alarm_acks (site TEXT NOT NULL, thing TEXT NOT NULL, seq INTEGER NOT NULL, event_ms INTEGER NOT NULL,
              source TEXT NOT NULL, user TEXT NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (thing, seq, event_ms, source));
            CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user TEXT NOT NULL, ticket BLOB NOT NULL,
              created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user);
            """);
    }

    public string Path { get; }
    public LockoutPolicy Lockout { get; }

    internal long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>When the store has no user: creates <c>admin</c> with a generated password and returns it (shown once), else null.</summary>
    public string? EnsureInitialAdmin()
    {
        if (List().Count > 0) return null;
        string password = GeneratePassword();
        Add("admin", Roles.Admin, password, actor: "first-run");
        return password;
    }

    public static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');

    public void Add(string name, string role, string password, string actor)
    {
        ValidateName(name);
        ValidateRole(role);
        ValidatePassword(password);
        using SqliteConnection c = Open();
        if (Exists(c, name)) throw new UserStoreException($"user '{name}': already exists");
        Run(c, "INSERT INTO users (name, role, password_hash, stamp, created_ms) VALUES ($n, $r, $h, $s, $t)",
            ("$n", name), ("$r", role), ("$h", _hasher.HashPassword(name, password)), ("$s", NewStamp()), ("$t", NowMs));
        AuditIn(c, actor, "user-add", name, $"role {role}");
    }

    public void SetRole(string name, string role, string actor)
    {
        ValidateRole(role);
        using SqliteConnection c = Open();
        RequireUser(c, name);
        Run(c, "UPDATE users SET role = $r, stamp = $s WHERE name = $n", ("$r", role), ("$s", NewStamp()), ("$n", name));
        AuditIn(c, actor, "user-role", name, $"role {role}{EndSessionsIn(c, name)}");
    }

    public void Grant(string name, string site, string actor)
    {
        ValidateSite(site);
        using SqliteConnection c = Open();
        RequireUser(c, name);
        Run(c, "INSERT OR IGNORE INTO grants (user, site) VALUES ($n, $s)", ("$n", name), ("$s", site));
        AuditIn(c, actor, "grant", name, site + EndSessionsIn(c, name));
    }

    public void Revoke(string name, string site, string actor)
    {
        using SqliteConnection c = Open();
        RequireUser(c, name);
        int removed = Run(c, "DELETE FROM grants WHERE user = $n AND site = $s", ("$n", name), ("$s", site));
        if (removed == 0) throw new UserStoreException($"user '{name}': has no grant for site '{site}'");
        AuditIn(c, actor, "revoke", name, site + EndSessionsIn(c, name));
    }

    public void ResetPassword(string name, string password, string actor)
    {
        ValidatePassword(password);
        using SqliteConnection c = Open();
        RequireUser(c, name);
        Run(c, "UPDATE users SET password_hash = $h, stamp = $s, failed = 0, locked_until_ms = 0 WHERE name = $n",
            ("$h", _hasher.HashPassword(name, password)), ("$s", NewStamp()), ("$n", name));
        AuditIn(c, actor, "password-reset", name, EndSessionsIn(c, name).TrimStart(';', ' '));
    }

    public void Remove(string name, string actor)
    {
        using SqliteConnection c = Open();
        RequireUser(c, name);
        string ended = EndSessionsIn(c, name).TrimStart(';', ' ');
        Run(c, "DELETE FROM grants WHERE user = $n; DELETE FROM users WHERE name = $n", ("$n", name));
        AuditIn(c, actor, "user-remove", name, ended);
    }

    public DashboardUser? Find(string name)
    {
        using SqliteConnection c = Open();
        return FindIn(c, name);
    }

    public IReadOnlyList<DashboardUser> List()
    {
        using SqliteConnection c = Open();
        var names = Query(c, "SELECT name FROM users ORDER BY name", r => r.GetString(0));
        return names.Select(n => FindIn(c, n)!).ToList();
    }

    /// <summary>
    /// Checks a password; counts failures, locks the account, and writes the audit entry either way. A name that is not an
    /// account takes the same path (a hash check against a dummy hash, failures counted and locked in memory, one write
    /// to the database per attempt), so neither the answer nor its timing tells whether the name exists.
    /// </summary>
    public LoginResult Verify(string name, string password, string remote)
    {
        using SqliteConnection c = Open();
        DashboardUser? user = FindIn(c, name);
        long now = NowMs;
        if (user is null) return VerifyUnknown(c, name, password, remote, now);
        if (user.LockedUntilMs > now)
        {
            AuditIn(c, name, "login-refused", name, $"locked out until {DateTimeOffset.FromUnixTimeMilliseconds(user.LockedUntilMs):u} from {remote}");
            return LoginResult.LockedOut;
        }
        string hash = Query(c, "SELECT password_hash FROM users WHERE name = $n", r => r.GetString(0), ("$n", name))[0];
        PasswordVerificationResult result = _hasher.VerifyHashedPassword(name, hash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            // One transaction (one commit), like the unknown-name path's single audit write.
            Run(c, "BEGIN IMMEDIATE");
            try
            {
                long failed = Query(c, "UPDATE users SET failed = failed + 1 WHERE name = $n RETURNING failed", r => r.GetInt64(0), ("$n", name))[0];
                LoginResult outcome = LoginResult.Failed;
                if (failed >= Lockout.MaxFailures)
                {
                    long until = now + (long)Lockout.Duration.TotalMilliseconds;
                    Run(c, "UPDATE users SET failed = 0, locked_until_ms = $u WHERE name = $n", ("$u", until), ("$n", name));
                    AuditIn(c, name, "login-failed", name, $"wrong password from {remote}; locked out after {failed} failures");
                    outcome = LoginResult.LockedOut;
                }
                else
                {
                    AuditIn(c, name, "login-failed", name, $"wrong password from {remote} ({failed} of {Lockout.MaxFailures})");
                }
                Run(c, "COMMIT");
                return outcome;
            }
            catch
            {
                Run(c, "ROLLBACK");
                throw;
            }
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            Run(c, "UPDATE users SET password_hash = $h WHERE name = $n", ("$h", _hasher.HashPassword(name, password)), ("$n", name));
        }
        Run(c, "UPDATE users SET failed = 0, locked_until_ms = 0 WHERE name = $n", ("$n", name));
        AuditIn(c, name, "login", name, $"from {remote}");
        return LoginResult.Success;
    }

    private LoginResult VerifyUnknown(SqliteConnection c, string name, string password, string remote, long now)
    {
        if (_unknown.LockedUntil(name, now) is long until)
        {
            AuditIn(c, name, "login-refused", name, $"unknown user locked out until {DateTimeOffset.FromUnixTimeMilliseconds(until):u} from {remote}");
            return LoginResult.LockedOut;
        }
        // The same hash work as a real check, against a hash no password matches.
        _hasher.VerifyHashedPassword(name, DummyHash.Value, password);
        int failed = _unknown.Fail(name, now, Lockout);
        if (failed >= Lockout.MaxFailures)
        {
            AuditIn(c, name, "login-failed", name, $"unknown user from {remote}; locked out after {failed} failures");
            return LoginResult.LockedOut;
        }
        AuditIn(c, name, "login-failed", name, $"unknown user from {remote} ({failed} of {Lockout.MaxFailures})");
        return LoginResult.Failed;
    }

    public void Audit(string actor, string action, string target, string detail)
    {
        using SqliteConnection c = Open();
        AuditIn(c, actor, action, target, detail);
    }

    public IReadOnlyList<AuditEntry> AuditLog(int limit = 200)
    {
        using SqliteConnection c = Open();
        return Query(c, "SELECT at_ms, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT $l",
            r => new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), ("$l", limit));
    }

    /// <summary>Records an acknowledgement (the first one counts; a repeat returns false) and audits it.</summary>
    public bool Acknowledge(AlarmAck ack)
    {
        using SqliteConnection c = Open();
        int added = Run(c, "INSERT OR IGNORE INTO alarm_acks VALUES ($site, $thing, $seq, $ev, $src, $user, $at)",
            ("$site", ack.Site), ("$thing", ack.Thing), ("$seq", ack.Seq), ("$ev", ack.EventMs), ("$src", ack.Source), ("$user", ack.User), ("$at", ack.AtMs));
        if (added > 0) AuditIn(c, ack.User, "alarm-ack", $"{ack.Site}/{ack.Thing}", $"seq {ack.Seq} at {ack.EventMs} ({ack.Source})");
        return added > 0;
    }

    public IReadOnlyList<AlarmAck> Acknowledgements(string site)
    {
        using SqliteConnection c = Open();
        return Query(c, "SELECT site, thing, seq, event_ms, source, user, at_ms FROM alarm_acks WHERE site = $s",
            r => new AlarmAck(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetInt64(6)), ("$s", site));
    }

    /// <summary>Live sign-in sessions of the user (rows of the session table).</summary>
    public int SessionCount(string name)
    {
        using SqliteConnection c = Open();
        return (int)Query(c, "SELECT count(*) FROM sessions WHERE user = $n", r => r.GetInt64(0), ("$n", name))[0];
    }

    /// <summary>Ends every session of the user; "; N sessions ended" for the audit detail, or "" when there was none.</summary>
    private static string EndSessionsIn(SqliteConnection c, string name)
    {
        int ended = Run(c, "DELETE FROM sessions WHERE user = $n", ("$n", name));
        return ended == 0 ? "" : $"; {ended} session{(ended == 1 ? "" : "s")} ended";
    }

    // ---------------- validation ----------------

    public static void ValidateName(string name)
    {
        if (name.Length is < 1 or > 64 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or '@'))
            throw new UserStoreException($"user name '{name}': expected 1 to 64 characters of letters, digits, '-', '_', '.', '@'");
    }

    public static void ValidateSite(string site)
    {
        if (site.Length is < 1 or > 64 || !site.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            throw new UserStoreException($"site '{site}': expected 1 to 64 characters of letters, digits, '-', '_'");
    }

    private static void ValidateRole(string role)
    {
        if (!Roles.IsValid(role)) throw new UserStoreException($"role '{role}': expected one of {string.Join(", ", Roles.All)}");
    }

    private static void ValidatePassword(string password)
    {
        if (password.Length < 10) throw new UserStoreException($"password: {password.Length} characters; expected at least 10");
    }

    // ---------------- SQLite plumbing ----------------

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<string>().HashPassword("", GeneratePassword()));

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    private DashboardUser? FindIn(SqliteConnection c, string name)
    {
        var rows = Query(c, "SELECT name, role, locked_until_ms, stamp FROM users WHERE name = $n",
            r => (Name: r.GetString(0), Role: r.GetString(1), Until: r.GetInt64(2), Stamp: r.GetString(3)), ("$n", name));
        if (rows.Count == 0) return null;
        var sites = Query(c, "SELECT site FROM grants WHERE user = $n ORDER BY site", r => r.GetString(0), ("$n", name));
        var u = rows[0];
        return new DashboardUser(u.Name, u.Role, sites, u.Until > NowMs, u.Until, u.Stamp);
    }

    private static bool Exists(SqliteConnection c, string name) =>
        Query(c, "SELECT 1 FROM users WHERE name = $n", r => r.GetInt64(0), ("$n", name)).Count > 0;

    private static void RequireUser(SqliteConnection c, string name)
    {
        if (!Exists(c, name)) throw new UserStoreException($"user '{name}': no such user");
    }

    private void AuditIn(SqliteConnection c, string actor, string action, string target, string detail) =>
        Run(c, "INSERT INTO audit (at_ms, actor, action, target, detail) VALUES ($t, $a, $x, $g, $d)",
            ("$t", NowMs), ("$a", actor), ("$x", action), ("$g", target), ("$d", detail));

    internal SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Run(c, "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;");
        return c;
    }

    internal static int Run(SqliteConnection c, string sql, params (string Name, object Value)[] args)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return cmd.ExecuteNonQuery();
    }

    internal static List<T> Query<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] args)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        using SqliteDataReader r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }
}

public enum LoginResult { Success, Failed, LockedOut }

public sealed record LockoutPolicy(int MaxFailures = 5, TimeSpan Duration = default)
{
    public TimeSpan Duration { get; init; } = Duration == default ? TimeSpan.FromMinutes(15) : Duration;
}
