using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;

namespace Methane.Dashboard.Users;

/// <summary>
/// Server-side sign-in sessions: the cookie carries only a random session id; the ticket (who, role, stamp) stays in the
/// account database's <c>sessions</c> table. The cookie handler looks the id up on every request, so a session that was
/// ended (sign-out, or <see cref="UserStore"/> ending all of a user's sessions on a password reset, role or grant change,
/// removal) no longer signs anyone in, even with a copy of the cookie taken before.
/// </summary>
public sealed class SessionStore(UserStore users) : ITicketStore
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        long now = users.NowMs;
        using SqliteConnection c = users.Open();
        UserStore.Run(c, "DELETE FROM sessions WHERE expires_ms <= $now", ("$now", now));
        UserStore.Run(c, "INSERT INTO sessions (id, user, ticket, created_ms, expires_ms) VALUES ($id, $u, $t, $now, $e)",
            ("$id", id), ("$u", ticket.Principal.Identity?.Name ?? ""), ("$t", TicketSerializer.Default.Serialize(ticket)),
            ("$now", now), ("$e", ExpiresMs(ticket, now)));
        return Task.FromResult(id);
    }

    /// <summary>Sliding expiration: updates a live session; never brings back one that was ended.</summary>
    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        using SqliteConnection c = users.Open();
        UserStore.Run(c, "UPDATE sessions SET ticket = $t, expires_ms = $e WHERE id = $id",
            ("$t", TicketSerializer.Default.Serialize(ticket)), ("$e", ExpiresMs(ticket, users.NowMs)), ("$id", key));
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        using SqliteConnection c = users.Open();
        var rows = UserStore.Query(c, "SELECT ticket, expires_ms FROM sessions WHERE id = $id", r => ((byte[])r[0], r.GetInt64(1)), ("$id", key));
        if (rows.Count == 0) return Task.FromResult<AuthenticationTicket?>(null);
        if (rows[0].Item2 <= users.NowMs)
        {
            UserStore.Run(c, "DELETE FROM sessions WHERE id = $id", ("$id", key));
            return Task.FromResult<AuthenticationTicket?>(null);
        }
        return Task.FromResult(TicketSerializer.Default.Deserialize(rows[0].Item1));
    }

    public Task RemoveAsync(string key)
    {
        using SqliteConnection c = users.Open();
        UserStore.Run(c, "DELETE FROM sessions WHERE id = $id", ("$id", key));
        return Task.CompletedTask;
    }

    private static long ExpiresMs(AuthenticationTicket ticket, long nowMs) =>
        ticket.Properties.ExpiresUtc?.ToUnixTimeMilliseconds() ?? nowMs + (long)DefaultLifetime.TotalMilliseconds;
}
