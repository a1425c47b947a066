using System;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Methane.Firmware.Core.Mqtt;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace Methane.Firmware.Device.App.Adapters
{
    /// <summary>
    /// The core's <see cref="IMqttTransport"/> over nanoFramework.M2Mqtt: MQTT 3.1.1 over TLS 1.2 with mutual authentication
    /// (broker CA + device certificate/key). One MqttClient per connection: M2Mqtt's client does not survive a dropped socket.
    /// Translation only: retries, backoff and the clock-before-TLS rule belong to the core's session manager.
    /// </summary>
    public sealed class M2MqttTransport : IMqttTransport
    {
        private const int SubscribeTimeoutMs = 10000;
        private const int MaxPendingQos1 = 128;

        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate _caCertificate;
        private readonly X509Certificate2 _clientCertificate;
        private readonly object _gate = new object();
        private readonly AutoResetEvent _subscribed = new AutoResetEvent(false);

        // QoS 1 packet ids awaiting PUBACK; M2Mqtt also reports QoS 0 sends, which the contract says must stay silent.
        private readonly int[] _pending = new int[MaxPendingQos1];
        private int _pendingCount;

        private MqttClient _client;
        private bool _disconnectRequested;
        private int _subscribeId = -1;
        private bool _subscribeGranted;

        public M2MqttTransport(string host, int port, X509Certificate caCertificate, X509Certificate2 clientCertificate)
        {
            _host = host;
            _port = port;
            _caCertificate = caCertificate;
            _clientCertificate = clientCertificate;
        }

        public event MqttMessageHandler MessageReceived;
        public event MqttDisconnectedHandler Disconnected;
        public event MqttPublishCompletedHandler PublishCompleted;

        /// <summary>Last exception text from a failed connect (for the console "status" command and the log).</summary>
        public string LastError { get; private set; }

        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
        {
            if (clientId == null || clientId.Length == 0 || keepAliveSeconds < 0 || keepAliveSeconds > 65535)
            {
                return MqttTransportStatus.InvalidArgument;
            }

            Release();
            LastError = null;

            MqttClient client;
            try
            {
                client = new MqttClient(_host, _port, true, _caCertificate, _clientCertificate, MqttSslProtocols.TLSv1_2);
            }
            catch (Exception ex)
            {
                LastError = ex.Message;
                return MqttTransportStatus.NetworkError;
            }

            client.MqttMsgPublishReceived += OnPublishReceived;
            client.MqttMsgPublished += OnPublished;
            client.MqttMsgSubscribed += OnSubscribed;
            client.ConnectionClosed += OnConnectionClosed;

            bool hasWill = willTopic != null;
            // M2Mqtt carries the will message as a string (UTF-8 on the wire); the core's will payloads are JSON text.
            string willMessage = hasWill && willPayload != null ? Encoding.UTF8.GetString(willPayload, 0, willPayload.Length) : null;

            MqttReasonCode code;
            try
            {
                code = client.Connect(
                    clientId,
                    null,
                    null,
                    false,
                    MqttQoSLevel.AtLeastOnce,
                    hasWill,
                    willTopic,
                    willMessage,
                    cleanSession,
                    (ushort)keepAliveSeconds);
            }
            catch (MqttConnectionException ex)
            {
                // TCP connect or TLS handshake failed: wrong CA, expired/unknown certificate, clock not set, no route.
                LastError = ex.Message + (ex.InnerException != null ? " / " + ex.InnerException.Message : string.Empty);
                Unhook(client);
                return MqttTransportStatus.NetworkError;
            }
            catch (MqttCommunicationException ex)
            {
                // No CONNACK within M2Mqtt's timeout.
                LastError = ex.Message;
                Unhook(client);
                CloseQuietly(client);
                return MqttTransportStatus.Timeout;
            }
            catch (Exception ex)
            {
                LastError = ex.Message;
                Unhook(client);
                CloseQuietly(client);
                return MqttTransportStatus.NetworkError;
            }

            if (code != MqttReasonCode.Success)
            {
                LastError = "CONNACK refused: " + code.ToString();
                Unhook(client);
                CloseQuietly(client);
                return MqttTransportStatus.Refused;
            }

            lock (_gate)
            {
                _client = client;
                _disconnectRequested = false;
                _pendingCount = 0;
            }

            return MqttTransportStatus.Ok;
        }

        public void Disconnect()
        {
            MqttClient client;
            lock (_gate)
            {
                client = _client;
                _disconnectRequested = true;
            }

            if (client == null)
            {
                return;
            }

            try
            {
                client.Disconnect();
            }
            catch (Exception)
            {
                // already gone: nothing to tell the core, a requested disconnect raises no event
            }

            Release();
        }

        public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
        {
            packetId = 0;
            if (topic == null || topic.Length == 0 || topic.Length > 256 || qos < 0 || qos > 1
                || payload == null || offset < 0 || count < 0 || offset + count > payload.Length)
            {
                return MqttTransportStatus.InvalidArgument;
            }

            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return MqttTransportStatus.NotConnected;
            }

            byte[] copy = new byte[count];
            Array.Copy(payload, offset, copy, 0, count);

            lock (_gate)
            {
                if (qos == 1 && _pendingCount >= MaxPendingQos1)
                {
                    return MqttTransportStatus.Timeout;
                }

                ushort id;
                try
                {
                    id = client.Publish(topic, copy, null, null, qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, false);
                }
                catch (MqttClientException)
                {
                    // M2Mqtt's in-flight queue is full: nothing was queued, the session manager retries later.
                    return MqttTransportStatus.Timeout;
                }
                catch (Exception ex)
                {
                    LastError = ex.Message;
                    return MqttTransportStatus.NotConnected;
                }

                if (qos == 1)
                {
                    _pending[_pendingCount++] = id;
                    packetId = id;
                }
            }

            return MqttTransportStatus.Ok;
        }

        public MqttTransportStatus Subscribe(string topicFilter, int qos)
        {
            if (topicFilter == null || topicFilter.Length == 0 || qos < 0 || qos > 1)
            {
                return MqttTransportStatus.InvalidArgument;
            }

            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return MqttTransportStatus.NotConnected;
            }

            _subscribed.Reset();
            lock (_gate)
            {
                _subscribeGranted = false;
                try
                {
                    _subscribeId = client.Subscribe(
                        new string[] { topicFilter },
                        new MqttQoSLevel[] { qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce });
                }
                catch (Exception ex)
                {
                    LastError = ex.Message;
                    _subscribeId = -1;
                    return MqttTransportStatus.NotConnected;
                }
            }

            if (!_subscribed.WaitOne(SubscribeTimeoutMs, false))
            {
                return MqttTransportStatus.Timeout;
            }

            return _subscribeGranted ? MqttTransportStatus.Ok : MqttTransportStatus.SubscribeRejected;
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            MqttMessageHandler handler = MessageReceived;
            byte[] message = e.Message;
            if (handler != null && message != null)
            {
                handler(e.Topic, message, 0, message.Length);
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            bool wasQos1 = false;
            lock (_gate)
            {
                for (int i = 0; i < _pendingCount; i++)
                {
                    if (_pending[i] == e.MessageId)
                    {
                        _pending[i] = _pending[--_pendingCount];
                        wasQos1 = true;
                        break;
                    }
                }
            }

            MqttPublishCompletedHandler handler = PublishCompleted;
            if (wasQos1 && handler != null)
            {
                handler(e.MessageId, e.IsPublished);
            }
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_gate)
            {
                if (e.MessageId != _subscribeId)
                {
                    return;
                }

                // SUBACK return code 0x80 is "failure"; 0 and 1 are the granted QoS.
                MqttQoSLevel[] granted = e.GrantedQoSLevels;
                _subscribeGranted = granted != null && granted.Length == 1 && (int)granted[0] <= 1;
                _subscribeId = -1;
            }

            _subscribed.Set();
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            int[] failed;
            int failedCount;
            bool requested;
            lock (_gate)
            {
                if (sender != _client)
                {
                    return;
                }

                requested = _disconnectRequested;
                failedCount = _pendingCount;
                failed = new int[failedCount];
                Array.Copy(_pending, failed, failedCount);
                _pendingCount = 0;
            }

            MqttPublishCompletedHandler completed = PublishCompleted;
            for (int i = 0; completed != null && i < failedCount; i++)
            {
                completed(failed[i], false);
            }

            MqttDisconnectedHandler disconnected = Disconnected;
            if (!requested && disconnected != null)
            {
                disconnected(MqttTransportStatus.NetworkError);
            }
        }

        private void Release()
        {
            MqttClient client;
            lock (_gate)
            {
                client = _client;
                _client = null;
                _pendingCount = 0;
            }

            if (client != null)
            {
                Unhook(client);
                CloseQuietly(client);
            }
        }

        private void Unhook(MqttClient client)
        {
            client.MqttMsgPublishReceived -= OnPublishReceived;
            client.MqttMsgPublished -= OnPublished;
            client.MqttMsgSubscribed -= OnSubscribed;
            client.ConnectionClosed -= OnConnectionClosed;
        }

        private static void CloseQuietly(MqttClient client)
        {
            try
            {
                client.Close();
            }
            catch (Exception)
            {
                // best effort: the socket may already be gone
            }
        }
    }
}
