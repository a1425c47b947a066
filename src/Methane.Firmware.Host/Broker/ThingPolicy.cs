namespace Methane.Firmware.Host.Broker;

/// <summary>
/// The per-thing authorization of the AWS IoT policy and the Mosquitto ACL, as pure functions: the certificate CN is the
/// thing; the MQTT client id must equal it; a thing may publish only under dt/methane/{site}/{thing}/… (its own site when
/// the site is known) and under $aws/things/{thing}/…, and subscribe only under $aws/things/{thing}/…. Observers (the
/// demo's subscriber, a cloud pipeline) may subscribe to anything and publish only to $aws/things/… (service side).
/// </summary>
public sealed class ThingPolicy
{
    private readonly HashSet<string> _observers;
    private readonly Func<string, string?> _siteOf;

    /// <param name="observers">Certificate CNs with the observer role.</param>
    /// <param name="siteOf">The site attribute of a thing, or null when unknown (then any single-level site is allowed).</param>
    public ThingPolicy(IEnumerable<string> observers, Func<string, string?>? siteOf = null)
    {
        _observers = new HashSet<string>(observers, StringComparer.Ordinal);
        _siteOf = siteOf ?? (_ => null);
    }

    public bool IsObserver(string commonName) => _observers.Contains(commonName);

    /// <summary>Null when the client may connect, else why not.</summary>
    public string? CheckConnect(string? commonName, string clientId)
    {
        if (string.IsNullOrEmpty(commonName)) return "no client certificate CN";
        if (!string.Equals(commonName, clientId, StringComparison.Ordinal)) return $"client id '{clientId}' is not the certificate CN '{commonName}'";
        return null;
    }

    public bool MayPublish(string thing, string topic)
    {
        if (topic.Contains('+') || topic.Contains('#')) return false;
        if (IsObserver(thing)) return topic.StartsWith("$aws/things/", StringComparison.Ordinal);
        if (topic.StartsWith("$aws/things/" + thing + "/", StringComparison.Ordinal)) return true;
        string[] levels = topic.Split('/');
        if (levels.Length < 5 || levels[0] != "dt" || levels[1] != "methane" || levels[3] != thing) return false;
        string? site = _siteOf(thing);
        return levels[2].Length > 0 && (site is null || levels[2] == site);
    }

    public bool MaySubscribe(string thing, string filter)
    {
        if (IsObserver(thing)) return true;
        string own = "$aws/things/" + thing + "/";
        return filter.StartsWith(own, StringComparison.Ordinal) && filter.Length > own.Length;
    }
}
