namespace Methane.Testing;

/// <summary>Knobs for a test broker. Defaults mirror the project's IoT policy and suit one fast subscriber.</summary>
public sealed class MosquittoOptions
{
    /// <summary>Certificate CNs allowed to read every topic (including <c>$aws/…</c>) and publish nothing: the test's eyes.</summary>
    public List<string> ObserverIdentities { get; } = new() { MosquittoBroker.ObserverIdentity };

    /// <summary>
    /// Certificate CNs allowed to read and write every topic, e.g. a test that plays the cloud side and publishes shadow
    /// deltas to a device's <c>$aws/things/{thing}/shadow/…</c> topics.
    /// </summary>
    public List<string> AdminIdentities { get; } = new() { MosquittoBroker.AdminIdentity };

    /// <summary>Minimum TLS version (Mosquitto's <c>tls_version</c> is a floor): tlsv1.2 or tlsv1.3.</summary>
    public string TlsVersion { get; set; } = "tlsv1.2";

    /// <summary>Mosquitto's default of 20 in-flight and 1000 queued per client drops messages for a single fast subscriber.</summary>
    public int MaxInflightMessages { get; set; } = 1000;

    public int MaxQueuedMessages { get; set; } = 1_000_000;

    /// <summary>Persistent sessions and queued messages survive Stop/Restart (Stop saves; Kill loses what was not autosaved).</summary>
    public bool Persistence { get; set; } = true;

    public int AutosaveIntervalSeconds { get; set; } = 60;

    /// <summary>Appended verbatim to the ACL file (after the device patterns).</summary>
    public List<string> ExtraAclLines { get; } = new();

    /// <summary>Appended verbatim to the global part of mosquitto.conf (before the listener).</summary>
    public List<string> ExtraConfigLines { get; } = new();

    /// <summary>How long to wait for the listener to accept after starting the process.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
