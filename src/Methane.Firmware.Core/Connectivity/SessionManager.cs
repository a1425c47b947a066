using System;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// The device's MQTT session: WaitingForClock → Connecting → Online ⇄ BackingOff, driven by <see cref="Tick"/> from the main
    /// loop (no thread of its own; transport events are queued and handled in Tick). Respects AWS IoT Core limits: ≥ 1 s between
    /// CONNECTs, keepalive 30–1200 s, ≤ 100 QoS 1 in flight, ≤ 100 publishes per second. Every reading goes through the outbox;
    /// records leave it only after their PUBACK. With <see cref="PublishIntervalMs"/> 0 a live reading with no backlog goes out
    /// alone on …/telemetry; otherwise live readings wait in the outbox and go out together as ≤ 5 KB JSON arrays on …/batch
    /// once the oldest has waited the interval (or a batch is full, or <see cref="Flush"/> was called): one message per
    /// interval instead of one per reading. A backlog (readings queued while offline, or sent again after a failed publish)
    /// goes out at once, in order, as batches flagged Replayed.
    /// </summary>
    public sealed class SessionManager
    {
        private readonly IMqttTransport _transport;
        private readonly IClock _clock;
        private readonly Topics _topics;
        private readonly ReadingOutbox _outbox;
        private readonly IReadingEncoder _encoder;
        private readonly SessionCounters _counters = new SessionCounters();

        private readonly int _keepAlive;
        private readonly bool _cleanSession;
        private readonly long _minConnectIntervalMs;
        private readonly long _stableOnlineMs;
        private readonly int _maxBatchBytes;
        private readonly int _maxBatchReadings;
        private readonly string _willTopic;
        private readonly byte[] _willPayload;
        private readonly Backoff _backoff;
        private readonly PublishRateLimiter _rate;
        private readonly InFlightWindow _inFlight;
        private readonly InboundMailbox _inbound;
        private readonly byte[] _single;
        private readonly byte[] _batch;
        private readonly Reading _scratch = new Reading();

        // Written by the transport's thread, read by Tick.
        private readonly object _eventLock = new object();
        private readonly int[] _completedIds;
        private readonly bool[] _completedOk;
        private int _completedCount;
        private bool _completionOverflow;
        private bool _disconnected;
        private MqttTransportStatus _disconnectReason;

        private SessionState _state = SessionState.WaitingForClock;
        private int _failures;
        private bool _connectedOnce;
        private long _lastConnectAt;
        private long _onlineSince;
        private long _nextConnectAt;
        private long _nextToSend;
        private long _liveRecord;
        private bool _rewind;
        private long _publishIntervalMs;
        private long _pendingSince = -1;
        private bool _flushRequested;
        // Records from here on were queued while online after the last (re)connect: live, not replayed.
        private long _liveFrom;

        public SessionManager(IMqttTransport transport, IClock clock, Topics topics, ReadingOutbox outbox, IReadingEncoder encoder,
            SessionSettings settings)
        {
            if (transport == null) throw new ArgumentNullException("transport");
            if (clock == null) throw new ArgumentNullException("clock");
            if (topics == null) throw new ArgumentNullException("topics");
            if (outbox == null) throw new ArgumentNullException("outbox");
            if (encoder == null) throw new ArgumentNullException("encoder");
            if (settings == null) settings = new SessionSettings();
            _transport = transport;
            _clock = clock;
            _topics = topics;
            _outbox = outbox;
            _encoder = encoder;

            _keepAlive = SessionSettings.Clamp(settings.KeepAliveSeconds, SessionSettings.MinKeepAliveSeconds, SessionSettings.MaxKeepAliveSeconds);
            _cleanSession = settings.CleanSession;
            _minConnectIntervalMs = settings.MinConnectIntervalMs < SessionSettings.AwsMinConnectIntervalMs
                ? SessionSettings.AwsMinConnectIntervalMs : settings.MinConnectIntervalMs;
            _stableOnlineMs = settings.StableOnlineMs < 0 ? 0 : settings.StableOnlineMs;
            _maxBatchBytes = SessionSettings.Clamp(settings.MaxBatchBytes, 64, 128 * 1024);
            _maxBatchReadings = SessionSettings.Clamp(settings.MaxBatchReadings, 1, 100);
            _willTopic = settings.WillTopic;
            _willPayload = settings.WillPayload;
            _backoff = new Backoff(settings.BackoffBaseMs, settings.BackoffCapMs, new XorShiftRandom(settings.RandomSeed));
            _rate = new PublishRateLimiter(SessionSettings.Clamp(settings.MaxPublishesPerSecond, 1, SessionSettings.AwsMaxPublishesPerSecond));
            int maxInFlight = SessionSettings.Clamp(settings.MaxInFlight, 1, SessionSettings.AwsMaxInFlight);
            _inFlight = new InFlightWindow(maxInFlight);
            _completedIds = new int[maxInFlight * 2];
            _completedOk = new bool[maxInFlight * 2];
            _inbound = new InboundMailbox(SessionSettings.Clamp(settings.InboundSlots, 1, 16), SessionSettings.Clamp(settings.InboundSlotBytes, 64, 64 * 1024));
            _single = new byte[SessionSettings.Clamp(settings.MaxSingleBytes, 64, 128 * 1024)];
            _batch = new byte[_maxBatchBytes];

            _nextToSend = outbox.OldestRecord;
            _liveFrom = outbox.NextRecord;
            PublishIntervalMs = settings.PublishIntervalMs;
            _transport.MessageReceived += OnMessageReceived;
            _transport.PublishCompleted += OnPublishCompleted;
            _transport.Disconnected += OnDisconnected;
        }

        /// <summary>Own-thing inbound messages (shadow, jobs), delivered from <see cref="Tick"/>. The payload is only valid during the call.</summary>
        public event MqttMessageHandler InboundMessage;

        public SessionState State { get { return _state; } }
        public SessionCounters Counters { get { return _counters; } }
        public int KeepAliveSeconds { get { return _keepAlive; } }
        public int InFlight { get { return _inFlight.Count; } }
        public int ConsecutiveFailures { get { return _failures; } }

        /// <summary>
        /// How long live readings may wait to go out together in one batch (0 = each reading at once, alone). Set from the
        /// device settings (<c>device.publishIntervalSeconds</c>, changeable through the shadow); negative counts as 0.
        /// </summary>
        public long PublishIntervalMs
        {
            get { return _publishIntervalMs; }
            set { _publishIntervalMs = value < 0 ? 0 : value; }
        }

        /// <summary>Sends every reading queued so far without waiting for the publish interval (before a deep sleep, at a shutdown).</summary>
        public void Flush()
        {
            _flushRequested = true;
        }

        /// <summary>Uptime at which the next CONNECT may be sent.</summary>
        public long NextConnectAtMs { get { return _nextConnectAt; } }

        /// <summary>Outbox records not yet handed to the transport in this connection.</summary>
        public int Unsent { get { return (int)(_outbox.NextRecord - (_nextToSend < _outbox.OldestRecord ? _outbox.OldestRecord : _nextToSend)); } }

        /// <summary>
        /// Stores a reading in the outbox (persisted before anything is sent). Flags it ClockUnsynced when the wall clock is not
        /// set. The caller assigns <see cref="Reading.Seq"/> (see <see cref="SequenceCounter"/>).
        /// </summary>
        public void Enqueue(Reading reading)
        {
            if (!_clock.IsWallClockSet) reading.Flags |= ReadingFlags.ClockUnsynced;
            int unsentBefore = Unsent;
            bool live = _state == SessionState.Online && unsentBefore == 0;
            long record = _outbox.Append(reading);
            _liveRecord = live ? record : 0;
            if (unsentBefore == 0) _pendingSince = _clock.UptimeMilliseconds;
        }

        /// <summary>
        /// Publishes a non-telemetry message (shadow report, job update) now, within the rate and in-flight limits.
        /// Sent at QoS 0 (a lost report is superseded by the next one). False when offline, rate-limited or refused.
        /// </summary>
        public bool PublishControl(string topic, byte[] payload, int offset, int count)
        {
            if (_state != SessionState.Online) return false;
            long now = _clock.UptimeMilliseconds;
            if (!_rate.CanSend(now)) return false;
            int packetId;
            MqttTransportStatus status = _transport.Publish(topic, payload, offset, count, 0, out packetId);
            if (status != MqttTransportStatus.Ok)
            {
                _counters.LastError = status;
                if (status != MqttTransportStatus.InvalidArgument) ConnectionLost(status, now);
                return false;
            }
            _rate.Record(now);
            return true;
        }

        /// <summary>One step of the session. Call it from the main loop as often as convenient (every loop turn).</summary>
        public void Tick()
        {
            long now = _clock.UptimeMilliseconds;
            ProcessCompletions();
            bool dropped;
            MqttTransportStatus reason;
            lock (_eventLock)
            {
                dropped = _disconnected;
                reason = _disconnectReason;
                _disconnected = false;
            }
            if (dropped && _state == SessionState.Online) ConnectionLost(reason, now);

            switch (_state)
            {
                case SessionState.WaitingForClock:
                    if (_clock.IsWallClockSet)
                    {
                        _state = SessionState.Connecting;
                        TryConnect(now);
                    }
                    break;
                case SessionState.Connecting:
                case SessionState.BackingOff:
                    TryConnect(now);
                    break;
            }
            if (_state == SessionState.Online)
            {
                if (_failures != 0 && now - _onlineSince >= _stableOnlineMs) _failures = 0;
                DeliverInbound();
                if (_state == SessionState.Online) Pump();
            }
        }

        private void TryConnect(long now)
        {
            if (!_clock.IsWallClockSet)
            {
                _state = SessionState.WaitingForClock;
                return;
            }
            if (now < _nextConnectAt) return;
            _state = SessionState.Connecting;
            _counters.ConnectAttempts++;
            MqttTransportStatus status = _transport.Connect(_topics.Thing, _keepAlive, _cleanSession, _willTopic, _willPayload);
            // Read after the call: the CONNECT left during it (after a TLS handshake of unknown length), so the next one,
            // at least the minimum interval after this instant, is at least that far apart on the wire too.
            _lastConnectAt = _clock.UptimeMilliseconds;
            if (status == MqttTransportStatus.Ok)
            {
                string[] subs = _topics.Subscriptions;
                for (int i = 0; i < subs.Length; i++)
                {
                    status = _transport.Subscribe(subs[i], 1);
                    if (status != MqttTransportStatus.Ok) break;
                }
                if (status != MqttTransportStatus.Ok) _transport.Disconnect();
            }
            if (status != MqttTransportStatus.Ok)
            {
                _counters.LastError = status;
                ScheduleRetry(now);
                return;
            }

            _onlineSince = now;
            if (_connectedOnce) _counters.Reconnects++;
            _connectedOnce = true;
            lock (_eventLock)
            {
                _disconnected = false;
                _completedCount = 0;
                _completionOverflow = false;
            }
            _inFlight.Clear();
            _rewind = false;
            // Whatever was not acknowledged is sent again, in order; it is backlog now, not live.
            _nextToSend = _outbox.OldestRecord;
            _liveRecord = 0;
            _liveFrom = _outbox.NextRecord;
            _state = SessionState.Online;
        }

        private void ScheduleRetry(long now)
        {
            long delay = _backoff.NextDelayMs(_failures);
            if (_failures < 62) _failures++;
            long at = now + delay;
            long earliest = _lastConnectAt + _minConnectIntervalMs;
            _nextConnectAt = at > earliest ? at : earliest;
            _state = SessionState.BackingOff;
        }

        private void ConnectionLost(MqttTransportStatus reason, long now)
        {
            _counters.ConnectionsLost++;
            _counters.LastError = reason;
            if (_transport.IsConnected) _transport.Disconnect();
            if (now - _onlineSince >= _stableOnlineMs) _failures = 0;
            _inFlight.Clear();
            ScheduleRetry(now);
        }

        private void ProcessCompletions()
        {
            lock (_eventLock)
            {
                for (int i = 0; i < _completedCount; i++)
                {
                    if (_completedOk[i]) _inFlight.MarkAcked(_completedIds[i]);
                    else _rewind = true;
                }
                if (_completionOverflow) _rewind = true;
                _completedCount = 0;
                _completionOverflow = false;
            }
            int readings;
            long last = _inFlight.PopAcked(out readings);
            if (last > 0)
            {
                _counters.ReadingsAcked += readings;
                _outbox.RemoveThrough(last);
            }
            if (_rewind)
            {
                // A publish failed without its PUBACK: send everything unacknowledged again (duplicates, never losses).
                _rewind = false;
                _counters.Rewinds++;
                _inFlight.Clear();
                _nextToSend = _outbox.OldestRecord;
                _liveRecord = 0;
                _liveFrom = _outbox.NextRecord;
            }
        }

        private void DeliverInbound()
        {
            string topic;
            byte[] payload;
            int count;
            while (_inbound.Peek(out topic, out payload, out count))
            {
                _counters.InboundDelivered++;
                MqttMessageHandler handler = InboundMessage;
                try
                {
                    if (handler != null) handler(topic, payload, 0, count);
                }
                finally
                {
                    _inbound.Release();
                }
            }
        }

        private void Pump()
        {
            while (_state == SessionState.Online && _inFlight.Count < _inFlight.Capacity)
            {
                // The clock is read per publish, not once per Tick: after a blocking CONNECT (seconds of TLS handshake on the
                // device) or slow publishes, an earlier time would open the rate window early and exceed 100 publishes/s.
                long now = _clock.UptimeMilliseconds;
                if (!_rate.CanSend(now)) return;
                if (_nextToSend < _outbox.OldestRecord) _nextToSend = _outbox.OldestRecord;
                long unsent = _outbox.NextRecord - _nextToSend;
                if (unsent <= 0)
                {
                    _flushRequested = false;
                    _pendingSince = -1;
                    return;
                }
                if (_publishIntervalMs > 0)
                {
                    if (!BatchDue(now, unsent)) return;
                    SendBatch(now);
                }
                else if (unsent == 1 && _nextToSend == _liveRecord) SendLive(now);
                else SendBatch(now);
            }
        }

        /// <summary>Live readings go out once the oldest waited the interval; a backlog, a full batch or a flush go out at once.</summary>
        private bool BatchDue(long now, long unsent)
        {
            if (_flushRequested || _nextToSend < _liveFrom || unsent >= _maxBatchReadings) return true;
            return _pendingSince < 0 || now - _pendingSince >= _publishIntervalMs;
        }

        private void SendLive(long now)
        {
            long record = _nextToSend;
            if (!_outbox.TryRead(record, _scratch))
            {
                _nextToSend++;
                return;
            }
            int length = _encoder.Encode(_scratch, _single, 0, _single.Length);
            if (length < 0)
            {
                _counters.ReadingsRejected++;
                _nextToSend++;
                return;
            }
            if (Send(_topics.Telemetry, _single, length, record, 1, now)) _counters.MessagesPublished++;
        }

        private void SendBatch(long now)
        {
            byte[] b = _batch;
            int pos = 1;
            int readings = 0;
            long last = _nextToSend - 1;
            long end = _outbox.NextRecord;
            b[0] = (byte)'[';
            for (long r = _nextToSend; r < end && readings < _maxBatchReadings; r++)
            {
                if (!_outbox.TryRead(r, _scratch))
                {
                    last = r;
                    continue;
                }
                // Live readings batched by the publish interval are not replays; with no interval only a backlog is batched.
                if (r < _liveFrom || _publishIntervalMs == 0) _scratch.Flags |= ReadingFlags.Replayed;
                int comma = readings > 0 ? 1 : 0;
                int length = _encoder.Encode(_scratch, b, pos + comma, _maxBatchBytes - pos - comma - 1);
                if (length < 0)
                {
                    if (length == -1 && readings > 0) break;
                    _counters.ReadingsRejected++;
                    last = r;
                    continue;
                }
                if (comma == 1) b[pos] = (byte)',';
                pos += comma + length;
                readings++;
                last = r;
            }
            if (readings == 0)
            {
                _nextToSend = last + 1;
                return;
            }
            b[pos++] = (byte)']';
            if (Send(_topics.Batch, b, pos, last, readings, now))
            {
                _counters.MessagesPublished++;
                _counters.BatchesPublished++;
            }
        }

        private bool Send(string topic, byte[] payload, int length, long lastRecord, int readings, long now)
        {
            // Reading and encoding a batch takes time: the rate window records when the publish really went out.
            long sentAt = _clock.UptimeMilliseconds;
            int packetId;
            MqttTransportStatus status = _transport.Publish(topic, payload, 0, length, 1, out packetId);
            if (status == MqttTransportStatus.Ok)
            {
                _rate.Record(sentAt);
                _inFlight.Add(packetId, lastRecord, readings);
                _nextToSend = lastRecord + 1;
                _counters.ReadingsPublished += readings;
                return true;
            }
            _counters.LastError = status;
            if (status == MqttTransportStatus.InvalidArgument)
            {
                // The transport will never take this message; skipping beats blocking the outbox forever.
                _counters.ReadingsRejected += readings;
                _nextToSend = lastRecord + 1;
                return false;
            }
            ConnectionLost(status, now);
            return false;
        }

        private void OnMessageReceived(string topic, byte[] payload, int offset, int count)
        {
            if (!_topics.IsOwnInbound(topic) || !_inbound.TryPut(topic, payload, offset, count))
            {
                lock (_eventLock) { _counters.InboundDropped++; }
            }
        }

        private void OnPublishCompleted(int packetId, bool acknowledged)
        {
            lock (_eventLock)
            {
                if (_completedCount == _completedIds.Length)
                {
                    _completionOverflow = true;
                    return;
                }
                _completedIds[_completedCount] = packetId;
                _completedOk[_completedCount] = acknowledged;
                _completedCount++;
            }
        }

        private void OnDisconnected(MqttTransportStatus reason)
        {
            lock (_eventLock)
            {
                _disconnected = true;
                _disconnectReason = reason;
            }
        }
    }
}
