namespace Methane.Dashboard.Users;

/// <summary>
/// Failed sign-ins under names that are not accounts, counted and locked exactly like an account's (in memory only), so
/// that "locked out" does not tell an attacker that a name exists. Holds at most <see cref="MaxNames"/> names: when full,
/// entries that are neither locked nor recent are dropped first, then the oldest unlocked ones.
/// </summary>
public sealed class UnknownNameLockout
{
    public const int MaxNames = 10_000;

    private sealed class Entry
    {
        public int Failed;
        public long LockedUntilMs;
        public long LastMs;
    }

    private readonly Dictionary<string, Entry> _names = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>When the name is locked at <paramref name="nowMs"/>: until when; else null.</summary>
    public long? LockedUntil(string name, long nowMs)
    {
        lock (_gate) return _names.TryGetValue(name, out Entry? e) && e.LockedUntilMs > nowMs ? e.LockedUntilMs : null;
    }

    /// <summary>
    /// Counts a failure; at <see cref="LockoutPolicy.MaxFailures"/> locks the name for the policy's duration and starts the
    /// count again (as the account table does). Returns the failures counted, the locking one included.
    /// </summary>
    public int Fail(string name, long nowMs, LockoutPolicy policy)
    {
        lock (_gate)
        {
            if (!_names.TryGetValue(name, out Entry? e))
            {
                if (_names.Count >= MaxNames) Evict(nowMs, policy);
                _names[name] = e = new Entry();
            }
            e.LastMs = nowMs;
            int failed = ++e.Failed;
            if (failed >= policy.MaxFailures)
            {
                e.Failed = 0;
                e.LockedUntilMs = nowMs + (long)policy.Duration.TotalMilliseconds;
            }
            return failed;
        }
    }

    public int Count
    {
        get { lock (_gate) return _names.Count; }
    }

    private void Evict(long nowMs, LockoutPolicy policy)
    {
        long stale = nowMs - (long)policy.Duration.TotalMilliseconds;
        foreach (var (name, e) in _names.Where(kv => kv.Value.LockedUntilMs <= nowMs && kv.Value.LastMs < stale).ToList()) _names.Remove(name);
        if (_names.Count < MaxNames) return;
        // Still full: unlocked names first, oldest first (a flood of new names must not unlock a locked one).
        foreach (string name in _names.OrderBy(kv => kv.Value.LockedUntilMs > nowMs).ThenBy(kv => kv.Value.LastMs)
                     .Take(_names.Count - MaxNames + 1).Select(kv => kv.Key).ToList()) _names.Remove(name);
    }
}
