using System.Text;
using Methane.Pki;

namespace Methane.Broker;

/// <summary>
/// mosquitto.conf for a local broker held to the AWS IoT limits: mTLS, packets up to <see cref="DevicePolicy.MaxPacketBytes"/>,
/// no retained messages (<c>retain_available false</c> disconnects a client that publishes one), the ACL rendered from
/// <see cref="DevicePolicy"/>, and the methane-gate plugin (<see cref="MosquittoPlugin"/>) for what Mosquitto cannot be
/// configured to do: the certificate identity rule of <see cref="CertificateIdentity"/> (one CN, a valid thing name,
/// client id = CN, the service role by extended key usage), the publish rate, and refusing device subscriptions that
/// the ACL's read rules do not cover. The listener deliberately has no
/// <c>use_identity_as_username</c>: with it Mosquitto 2.0 skips every plugin's authentication (handle_connect.c); the
/// plugin sets the username (= CN) itself.
/// </summary>
public static class MosquittoConfig
{
    public static string Render(MosquittoSettings settings, int port, string aclPath, string logPath, string dataDirectory,
        string caPath, string certificatePath, string keyPath, bool runAsRoot, string userName, string pluginPath)
    {
        var c = new StringBuilder();
        c.AppendLine("# Written by Methane.Broker.LocalMosquitto for one run.");
        // Debian's 2.0.x drops privileges to 'mosquitto' when started as root; the keys are mode 600 and owned by the
        // caller, so a root run keeps root. Not started as root, Mosquitto ignores this and runs as the caller.
        c.AppendLine("user " + (runAsRoot ? "root" : userName));
        c.AppendLine("per_listener_settings false");
        c.AppendLine("allow_anonymous false");
        c.AppendLine("plugin " + pluginPath);
        c.AppendLine("plugin_opt_publishes_per_second " + settings.PublishesPerSecond);
        c.AppendLine("plugin_opt_max_name_length " + ThingName.MaxLength);
        c.AppendLine("plugin_opt_service_usage_oid " + ServiceIdentity.ServiceUsageOid);
        c.AppendLine("plugin_opt_service_publish_prefix " + PolicyEvaluator.ServicePublishPrefix);
        c.AppendLine("plugin_opt_acl_file " + aclPath); // its read rules judge device SUBSCRIBE requests
        // Registered after the plugin, so the plugin's checks come first and devices are deferred to this file.
        c.AppendLine("acl_file " + aclPath);
        c.AppendLine("persistence " + (settings.Persistence ? "true" : "false"));
        c.AppendLine("persistence_location " + dataDirectory + "/");
        c.AppendLine("autosave_interval " + settings.AutosaveIntervalSeconds);
        c.AppendLine("max_inflight_messages " + settings.MaxInflightMessages);
        c.AppendLine("max_queued_messages " + settings.MaxQueuedMessages);
        c.AppendLine("max_packet_size " + DevicePolicy.MaxPacketBytes);
        c.AppendLine("retain_available false");
        c.AppendLine("set_tcp_nodelay true");
        c.AppendLine("log_dest file " + logPath);
        c.AppendLine("log_type error");
        c.AppendLine("log_type warning");
        if (settings.VerboseLog)
        {
            c.AppendLine("log_type notice");
            c.AppendLine("log_type information");
        }
        c.AppendLine("connection_messages " + (settings.ConnectionMessages ? "true" : "false"));
        c.AppendLine("log_timestamp_format %H:%M:%S");
        foreach (string line in settings.ExtraConfigLines) c.AppendLine(line);
        c.AppendLine();
        c.AppendLine("listener " + port + " " + LocalMosquitto.Host);
        c.AppendLine("max_connections -1");
        c.AppendLine("cafile " + caPath);
        c.AppendLine("certfile " + certificatePath);
        c.AppendLine("keyfile " + keyPath);
        c.AppendLine("require_certificate true");
        c.AppendLine("tls_version " + settings.TlsVersion);
        return c.ToString();
    }
}
