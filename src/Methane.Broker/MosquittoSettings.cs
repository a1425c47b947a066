namespace Methane.Broker;

/// <summary>How <see cref="LocalMosquitto"/> configures its broker. Defaults mirror the project's IoT policy and suit one fast subscriber.</summary>
public class MosquittoSettings
{
    /// <summary>Registered thing → site (the ACL's data topics); null: any site (for harnesses that register no things).</summary>
    public IReadOnlyDictionary<string, string>? Sites { get; set; }

    /// <summary>
    /// AWS IoT Core's publish limit per connection, enforced by the methane-gate plugin (a connection over it is
    /// disconnected); 0: unlimited (a throughput bench). Services are limited too, as on the embedded broker.
    /// </summary>
    public int PublishesPerSecond { get; set; } = DevicePolicy.PublishesPerSecond;

    /// <summary>Minimum TLS version (Mosquitto's <c>tls_version</c> is a floor): tlsv1.2 or tlsv1.3.</summary>
    public string TlsVersion { get; set; } = "tlsv1.2";

    /// <summary>Mosquitto's default of 20 in-flight and 1000 queued per client drops messages for a single fast subscriber.</summary>
    public int MaxInflightMessages { get; set; } = 1000;

    public int MaxQueuedMessages { get; set; } = 1_000_000;

    /// <summary>Persistent sessions and queued messages survive Stop/Restart (Stop saves; Kill loses what was not autosaved).</summary>
    public bool Persistence { get; set; } = true;

    public int AutosaveIntervalSeconds { get; set; } = 60;

    /// <summary>Log a line per connect/disconnect (off for a fleet of thousands).</summary>
    public bool ConnectionMessages { get; set; } = true;

    /// <summary>Log notices and information besides errors and warnings.</summary>
    public bool VerboseLog { get; set; } = true;

    /// <summary>Appended verbatim to the ACL file (after the generated policy).</summary>
    public List<string> ExtraAclLines { get; } = new();

    /// <summary>Appended verbatim to the global part of mosquitto.conf (before the listener).</summary>
    public List<string> ExtraConfigLines { get; } = new();

    /// <summary>Listen on this 127.0.0.1 port (a client was started before the broker); null: a free port chosen at start.</summary>
    public int? Port { get; set; }

    /// <summary>How long to wait for the listener to accept after starting the process.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
