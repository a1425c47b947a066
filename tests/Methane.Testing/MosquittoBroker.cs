using System.Security.Cryptography.X509Certificates;
using Methane.Broker;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Pki;

namespace Methane.Testing;

/// <summary>
/// A test's Mosquitto: <see cref="LocalMosquitto"/> (the project's launcher and generated config/ACL) with the test's
/// <see cref="TestPki"/>, plus transport options for any identity of that PKI. Started by PID, stopped by PID.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    /// <summary>CN of the default read-everything service identity (issued by <see cref="TestPki"/> as a service certificate).</summary>
    public const string ObserverIdentity = ServiceIdentity.Observer;

    /// <summary>CN of a service identity that plays the cloud (shadow deltas, jobs): reads everything, publishes under $aws/things/.</summary>
    public const string AdminIdentity = ServiceIdentity.Admin;

    public const string Host = LocalMosquitto.Host;

    private readonly LocalMosquitto _broker;

    private MosquittoBroker(TestPki pki, LocalMosquitto broker)
    {
        Pki = pki;
        _broker = broker;
    }

    public static string? ExecutablePath => LocalMosquitto.ExecutablePath;

    public static bool IsAvailable => LocalMosquitto.IsAvailable;

    /// <summary>True when the environment variable CI is "true" (integration tests must then fail, not skip).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SearchDescription => LocalMosquitto.SearchDescription;

    public TestPki Pki { get; }

    public LocalMosquitto Process => _broker;

    public int Port => _broker.Port;

    /// <summary>Temp directory with mosquitto.conf, acl, mosquitto.log and the persistence data (kept with METHANE_KEEP_BROKER_FILES=1).</summary>
    public string Directory => _broker.Directory;

    public string ConfigPath => _broker.ConfigPath;
    public string AclPath => _broker.AclPath;
    public string LogPath => _broker.LogPath;
    public string DataDirectory => _broker.DataDirectory;

    public int? ProcessId => _broker.ProcessId;

    public bool IsRunning => _broker.IsRunning;

    public Uri Uri => new("mqtts://" + Host + ":" + Port);

    /// <summary>
    /// Transport options for <paramref name="identity"/> (a thing name, or <see cref="ObserverIdentity"/>/<see cref="AdminIdentity"/>):
    /// its certificate from <see cref="Pki"/>, trusting only the PKI's CA. Connect with client id = identity.
    /// </summary>
    public MqttNetTransportOptions TransportOptions(string identity)
    {
        var anchors = new X509Certificate2Collection(Pki.CaCertificate());
        return new MqttNetTransportOptions(Host, Port, Pki.ClientCertificate(identity), anchors)
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            OperationTimeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>A new, not yet connected <see cref="MqttNetTransport"/> for <paramref name="identity"/>.</summary>
    public MqttNetTransport CreateTransport(string identity) => new(TransportOptions(identity));

    /// <summary>Writes the configuration into a temp directory and starts the broker; returns once the port accepts.</summary>
    public static MosquittoBroker Start(TestPki pki, MosquittoOptions? options = null)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("mosquitto not found (" + SearchDescription +
                "); install it with: apt-get install -y mosquitto" + (IsCi ? "  [CI=true: integration tests do not skip]" : ""));
        }
        return new MosquittoBroker(pki, LocalMosquitto.Start(pki.Layout, options ?? new MosquittoOptions()));
    }

    /// <summary>Graceful stop: SIGTERM to the PID (Mosquitto saves persistence), then SIGKILL if it lingers.</summary>
    public void Stop() => _broker.Stop();

    /// <summary>Abrupt stop (SIGKILL): a crash or power cut of the broker; state since the last autosave is lost.</summary>
    public void Kill() => _broker.Kill();

    /// <summary>Stops (if running) and starts again on the same port with the same configuration and persistence.</summary>
    public void Restart() => _broker.Restart();

    /// <summary>Starts the broker again after <see cref="Stop"/> or <see cref="Kill"/> (same port).</summary>
    public void StartAgain() => _broker.StartAgain();

    /// <summary>Mosquitto's log plus anything it printed to stdout/stderr (for assertion messages).</summary>
    public string ReadLog() => _broker.ReadLog();

    public void Dispose() => _broker.Dispose();
}
