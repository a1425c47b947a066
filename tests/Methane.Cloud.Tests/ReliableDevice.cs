using System.Text;
using Methane.Cloud.Pipeline;
using Methane.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Methane.Cloud.Tests;

/// <summary>
/// A test device that behaves like the firmware's outbox: a reading counts as sent only when the broker acknowledged it
/// (PUBACK); on a dropped connection it reconnects and sends the same reading again (so the pipeline may see it twice).
/// </summary>
internal sealed class ReliableDevice : IAsyncDisposable
{
    private readonly PipelineOptions _options;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <param name="identity">Certificate and client id to connect with (default: the thing itself).</param>
    public ReliableDevice(MosquittoBroker broker, TestPki pki, string thing, string site = "site-north", string? identity = null)
    {
        Thing = thing;
        Site = site;
        _options = new PipelineOptions
        {
            BrokerHost = MosquittoBroker.Host, BrokerPort = broker.Port, CaCertificate = pki.CaCertificate(),
            ClientCertificate = pki.ClientCertificate(identity ?? thing), ClientId = identity ?? thing,
        };
    }

    public string Thing { get; }
    public string Site { get; }
    public int Resends { get; private set; }

    /// <summary>Publishes seq (QoS 1) until the broker acknowledges it; gives up after <paramref name="timeout"/>.</summary>
    public async Task SendAsync(long seq, TimeSpan timeout, long? timestampMs = null)
    {
        string payload = TestData.Reading(Site, Thing, seq, timestampMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ch4: 100 + seq % 50);
        var message = new MqttApplicationMessageBuilder().WithTopic($"dt/methane/{Site}/{Thing}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                if (!_client.IsConnected) await _client.ConnectAsync(MethanePipeline.BuildClientOptions(_options));
                MqttClientPublishResult r = await _client.PublishAsync(message);
                if (r.IsSuccess) return;
            }
            catch (Exception) when (Environment.TickCount64 < deadline)
            {
            }
            if (Environment.TickCount64 >= deadline) throw new TimeoutException($"{Thing}: seq {seq} not acknowledged by the broker within {timeout}");
            if (attempt > 0) Resends++;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync();
        }
        catch (Exception)
        {
        }
        _client.Dispose();
    }
}
