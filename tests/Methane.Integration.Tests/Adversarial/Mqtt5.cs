using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Methane.Integration.Tests.Adversarial;

/// <summary>MQTTnet clients (MQTT 5, so refusals come with reason codes) and an observer that sees every topic.</summary>
internal static class Mqtt5
{
    public static MqttClientOptionsBuilder Options(int port, X509Certificate2 certificate, string clientId) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(t => t.UseTls(true).WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13).WithTargetHost("localhost")
                .WithCertificateValidationHandler(_ => true)
                .WithClientCertificates(new X509Certificate2Collection(certificate)));

    /// <summary>Connects; returns the client and null, or null and the CONNACK reason code (or exception message) of the refusal.</summary>
    public static async Task<(IMqttClient? Client, string? Refusal)> TryConnectAsync(MqttClientOptionsBuilder options)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(options.Build());
            if (result.ResultCode == MqttClientConnectResultCode.Success) return (client, null);
            new Releaser(client).Dispose();
            return (null, result.ResultCode.ToString());
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException e)
        {
            new Releaser(client).Dispose();
            return (null, e.Message);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or IOException)
        {
            new Releaser(client).Dispose();
            return (null, "closed: " + e.GetBaseException().Message);
        }
    }

    public static async Task<IMqttClient> ConnectAsync(MqttClientOptionsBuilder options)
    {
        (IMqttClient? client, string? refusal) = await TryConnectAsync(options);
        return client ?? throw new InvalidOperationException("connect refused: " + refusal);
    }

    /// <summary>
    /// Disposes a client whose connection the broker may be closing at that moment. MQTTnet 5.2's receive loop and
    /// Dispose can both dispose the client's CancellationTokenSource, so Dispose then throws ObjectDisposedException;
    /// in these tests the close is the expected outcome, not a failure.
    /// </summary>
    public readonly struct Releaser(IMqttClient client) : IDisposable
    {
        public static Releaser Of(IMqttClient client, out IMqttClient same)
        {
            same = client;
            return new Releaser(client);
        }

        public void Dispose()
        {
            try { client.Dispose(); }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Publishes QoS 1; returns "ok", the PUBACK reason code, or "closed" when the broker dropped the connection.</summary>
    public static async Task<string> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain = false)
    {
        try
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
            MqttClientPublishResult result = await client.PublishAsync(message);
            if (!client.IsConnected) return "closed";
            return result.ReasonCode == MqttClientPublishReasonCode.Success || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers
                ? "ok" : result.ReasonCode.ToString();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException or IOException)
        {
            return "closed";
        }
    }
}

/// <summary>A service-identity subscriber on '#' and '$aws/#': the eyes of the suite.</summary>
internal sealed class Observer : IAsyncDisposable
{
    public sealed record Seen(string Topic, string Payload, long Ticks);

    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<Seen> _seen = new();

    private Observer(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _seen.Enqueue(new Seen(e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), Stopwatch.GetTimestamp()));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyCollection<Seen> All => _seen.ToArray();

    public static async Task<Observer> StartAsync(int port, X509Certificate2 serviceCertificate, string clientId)
    {
        IMqttClient client = await Mqtt5.ConnectAsync(Mqtt5.Options(port, serviceCertificate, clientId));
        var observer = new Observer(client);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("$aws/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return observer;
    }

    public bool Saw(string token) => _seen.Any(s => s.Payload.Contains(token, StringComparison.Ordinal));

    /// <summary>Waits until a payload containing <paramref name="token"/> arrived (the deterministic "everything before it is in" signal).</summary>
    public async Task<bool> WaitForAsync(string token, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Saw(token)) return true;
            await Task.Delay(20);
        }
        return Saw(token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DisconnectAsync();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
        }
        new Mqtt5.Releaser(_client).Dispose();
    }
}
