using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Methane.Firmware.Core.Mqtt;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Methane.Firmware.Host.Adapters.Mqtt;

/// <summary>
/// The core's <see cref="IMqttTransport"/> on MQTTnet 5: MQTT 3.1.1 (what AWS IoT Core and the device's M2Mqtt speak) over
/// TCP + TLS 1.2/1.3 with an X.509 client certificate, the server checked against the configured trust anchors only.
/// Blocking calls as the interface asks; QoS 1 publishes return at once with an adapter-assigned id and complete through
/// <see cref="PublishCompleted"/> when the PUBACK arrives (or the connection is lost first).
/// </summary>
public sealed class MqttNetTransport : IMqttTransport, IDisposable
{
    private readonly MqttNetTransportOptions _options;
    private readonly ServerCertificateValidator _validator;
    private readonly MqttClientFactory _factory = new();
    private readonly object _gate = new();
    private IMqttClient? _client;
    private int _nextPacketId;
    private int _pendingPublishes;
    private volatile string _lastError = "";
    private volatile string _tlsRejection = "";
    private bool _disposed;

    public MqttNetTransport(MqttNetTransportOptions options)
    {
        _options = options;
        _validator = new ServerCertificateValidator(options.TrustAnchors);
    }

    public event MqttMessageHandler? MessageReceived;
    public event MqttDisconnectedHandler? Disconnected;
    public event MqttPublishCompletedHandler? PublishCompleted;

    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Why the last call failed or the connection dropped, in words (for logs and the shadow's last error).</summary>
    public string LastError => _lastError;

    /// <summary>QoS 1 publishes sent and not yet completed.</summary>
    public int PendingPublishes => Volatile.Read(ref _pendingPublishes);

    public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
    {
        if (string.IsNullOrEmpty(clientId) || keepAliveSeconds < 0 || keepAliveSeconds > ushort.MaxValue)
        {
            return Fail(MqttTransportStatus.InvalidArgument, "client id empty or keepalive outside 0..65535 s");
        }
        if (willTopic != null && !IsValidTopicName(willTopic))
        {
            return Fail(MqttTransportStatus.InvalidArgument, "invalid will topic");
        }

        IMqttClient client;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client?.IsConnected == true) return MqttTransportStatus.Ok;
            _client?.Dispose();
            client = _factory.CreateMqttClient();
            client.ApplicationMessageReceivedAsync += OnMessage;
            client.DisconnectedAsync += OnDisconnected;
            _client = client;
        }

        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(keepAliveSeconds))
            .WithTimeout(_options.OperationTimeout)
            .WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(_options.SslProtocols)
                .WithTargetHost(_options.TargetHost ?? _options.Host)
                .WithClientCertificates(new X509Certificate2Collection(_options.ClientCertificate))
                .WithRevocationMode(X509RevocationMode.NoCheck)
                .WithCertificateValidationHandler(ValidateServer));
        if (keepAliveSeconds == 0) builder.WithNoKeepAlive();
        if (willTopic != null)
        {
            builder.WithWillTopic(willTopic)
                .WithWillPayload(willPayload ?? Array.Empty<byte>())
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        _lastError = "";
        _tlsRejection = "";
        try
        {
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
            // Off the caller's synchronization context: a blocking wait must not deadlock a UI or test context.
            MqttClientConnectResult result = Task.Run(() => client.ConnectAsync(builder.Build(), timeout.Token)).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return Fail(MqttTransportStatus.Refused, "CONNACK " + result.ResultCode);
            }
            return MqttTransportStatus.Ok;
        }
        catch (Exception e)
        {
            string tls = _tlsRejection;
            return Fail(Classify(e), tls.Length > 0 ? tls + " [" + Describe(e) + "]" : Describe(e));
        }
    }

    public void Disconnect()
    {
        IMqttClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }
        if (client == null) return;
        // Detach first: a requested disconnect raises no Disconnected event.
        client.DisconnectedAsync -= OnDisconnected;
        client.ApplicationMessageReceivedAsync -= OnMessage;
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(_options.OperationTimeout);
                Task.Run(() => client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token)).GetAwaiter().GetResult();
            }
        }
        catch (Exception e)
        {
            _lastError = "disconnect: " + Describe(e);
        }
        finally
        {
            client.Dispose();
        }
    }

    public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
    {
        packetId = 0;
        if (qos < 0 || qos > 1) return Fail(MqttTransportStatus.InvalidArgument, "QoS " + qos + " (0 or 1 only)");
        if (!IsValidTopicName(topic)) return Fail(MqttTransportStatus.InvalidArgument, "invalid topic name");
        if (payload == null || offset < 0 || count < 0 || offset > payload.Length - count)
        {
            return Fail(MqttTransportStatus.InvalidArgument, "payload range outside the buffer");
        }
        if (count > _options.MaxPayloadBytes)
        {
            return Fail(MqttTransportStatus.InvalidArgument, "payload of " + count + " bytes exceeds " + _options.MaxPayloadBytes);
        }
        IMqttClient? client = _client;
        if (client == null || !client.IsConnected) return Fail(MqttTransportStatus.NotConnected, "not connected");

        var copy = new byte[count];
        Buffer.BlockCopy(payload, offset, copy, 0, count);
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = new ReadOnlySequence<byte>(copy),
            QualityOfServiceLevel = qos == 1 ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce,
        };

        if (qos == 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.OperationTimeout);
                client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
                return MqttTransportStatus.Ok;
            }
            catch (Exception e)
            {
                return Fail(Classify(e), Describe(e));
            }
        }

        int id = NextPacketId();
        packetId = id;
        Interlocked.Increment(ref _pendingPublishes);
        Task<MqttClientPublishResult> task;
        try
        {
            // Runs synchronously up to the socket write lock, which MQTTnet grants in FIFO order: publishes made one after
            // another from one thread go out in that order (the outbox's replay order relies on it).
            task = client.PublishAsync(message, CancellationToken.None);
        }
        catch (Exception e)
        {
            Interlocked.Decrement(ref _pendingPublishes);
            packetId = 0;
            return Fail(Classify(e), Describe(e));
        }
        task.ContinueWith(CompletePublish, id, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return MqttTransportStatus.Ok;
    }

    public MqttTransportStatus Subscribe(string topicFilter, int qos)
    {
        if (qos < 0 || qos > 1) return Fail(MqttTransportStatus.InvalidArgument, "QoS " + qos + " (0 or 1 only)");
        if (string.IsNullOrEmpty(topicFilter) || Encoding.UTF8.GetByteCount(topicFilter) > _options.MaxTopicBytes)
        {
            return Fail(MqttTransportStatus.InvalidArgument, "invalid topic filter");
        }
        IMqttClient? client = _client;
        if (client == null || !client.IsConnected) return Fail(MqttTransportStatus.NotConnected, "not connected");
        try
        {
            MqttClientSubscribeOptions options = _factory.CreateSubscribeOptionsBuilder()
                .WithTopicFilter(topicFilter, qos == 1 ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            using var timeout = new CancellationTokenSource(_options.OperationTimeout);
            MqttClientSubscribeResult result = Task.Run(() => client.SubscribeAsync(options, timeout.Token)).GetAwaiter().GetResult();
            foreach (MqttClientSubscribeResultItem item in result.Items)
            {
                if (item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS0 &&
                    item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1 &&
                    item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    return Fail(MqttTransportStatus.SubscribeRejected, "SUBACK " + item.ResultCode + " for " + topicFilter);
                }
            }
            return MqttTransportStatus.Ok;
        }
        catch (Exception e)
        {
            return Fail(Classify(e), Describe(e));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        Disconnect();
    }

    private bool ValidateServer(MqttClientCertificateValidationEventArgs e)
    {
        if (_validator.Validate(e.Certificate, e.Chain, e.SslPolicyErrors, out string reason)) return true;
        _tlsRejection = reason;
        return false;
    }

    private void CompletePublish(Task<MqttClientPublishResult> task, object? state)
    {
        int id = (int)state!;
        bool acknowledged = task.IsCompletedSuccessfully && task.Result.IsSuccess;
        if (!acknowledged)
        {
            _lastError = task.IsFaulted ? "publish " + id + ": " + Describe(task.Exception!.GetBaseException())
                : task.IsCanceled ? "publish " + id + ": cancelled" : "publish " + id + ": PUBACK " + task.Result.ReasonCode;
        }
        Interlocked.Decrement(ref _pendingPublishes);
        PublishCompleted?.Invoke(id, acknowledged);
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttMessageHandler? handler = MessageReceived;
        if (handler == null) return Task.CompletedTask;
        ReadOnlySequence<byte> payload = e.ApplicationMessage.Payload;
        if (payload.IsSingleSegment && MemoryMarshal.TryGetArray(payload.First, out ArraySegment<byte> segment) && segment.Array != null)
        {
            handler(e.ApplicationMessage.Topic, segment.Array, segment.Offset, segment.Count);
        }
        else
        {
            byte[] copy = payload.ToArray();
            handler(e.ApplicationMessage.Topic, copy, 0, copy.Length);
        }
        return Task.CompletedTask;
    }

    private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
    {
        // A failed Connect reports through its return value, not as a dropped connection.
        if (!e.ClientWasConnected) return Task.CompletedTask;
        MqttTransportStatus reason = e.Exception != null ? Classify(e.Exception)
            : e.Reason == MqttClientDisconnectReason.KeepAliveTimeout ? MqttTransportStatus.Timeout : MqttTransportStatus.NetworkError;
        _lastError = "connection lost: " + (e.Exception != null ? Describe(e.Exception) : e.Reason.ToString());
        Disconnected?.Invoke(reason);
        return Task.CompletedTask;
    }

    private int NextPacketId()
    {
        // 1..65535 like a wire packet id, so logs line up in magnitude; 0 means "no completion" in the interface.
        while (true)
        {
            int id = Interlocked.Increment(ref _nextPacketId) & 0xFFFF;
            if (id != 0) return id;
        }
    }

    private bool IsValidTopicName(string topic)
    {
        if (string.IsNullOrEmpty(topic) || Encoding.UTF8.GetByteCount(topic) > _options.MaxTopicBytes) return false;
        foreach (char c in topic)
        {
            if (c == '+' || c == '#' || c == '\0') return false;
        }
        return true;
    }

    private MqttTransportStatus Fail(MqttTransportStatus status, string reason)
    {
        _lastError = reason;
        return status;
    }

    private static MqttTransportStatus Classify(Exception e)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            switch (x)
            {
                case MqttCommunicationTimedOutException:
                case OperationCanceledException:
                case TimeoutException:
                    return MqttTransportStatus.Timeout;
                case AuthenticationException:
                case SocketException:
                case IOException:
                    return MqttTransportStatus.NetworkError;
                case MqttClientNotConnectedException:
                    return MqttTransportStatus.NotConnected;
            }
        }
        return e is MqttConnectingFailedException ? MqttTransportStatus.Refused : MqttTransportStatus.NetworkError;
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x != null && parts.Count < 4; x = x.InnerException) parts.Add(x.GetType().Name + ": " + x.Message);
        return string.Join(" <- ", parts);
    }
}
