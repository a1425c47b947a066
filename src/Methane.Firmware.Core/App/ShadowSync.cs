using System;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Text;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// The device shadow on the session: every …/shadow/update/delta goes through the <see cref="ShadowAgent"/> (all keys
    /// range-checked, all-or-nothing); after an applied delta <see cref="Applied"/> is raised; the reported state is published
    /// after every (re)connect and after every delta that was not stale (retried while the session is busy or offline).
    /// Call <see cref="Tick"/> right after the session's tick. Allocates nothing per tick.
    /// </summary>
    public sealed class ShadowSync
    {
        private readonly SessionManager _session;
        private readonly Topics _topics;
        private readonly ShadowAgent _agent;
        private readonly ReadingOutbox _outbox;
        private readonly byte[] _buffer;
        private readonly JsonWriter _writer = new JsonWriter();
        private FirmwareLog _log;
        private bool _reportPending;
        private long _connectsSeen;

        public ShadowSync(SessionManager session, Topics topics, ShadowAgent agent, ReadingOutbox outbox, int bufferBytes)
        {
            if (session == null) throw new ArgumentNullException("session");
            if (topics == null) throw new ArgumentNullException("topics");
            if (agent == null) throw new ArgumentNullException("agent");
            if (outbox == null) throw new ArgumentNullException("outbox");
            _session = session;
            _topics = topics;
            _agent = agent;
            _outbox = outbox;
            _buffer = new byte[bufferBytes];
            session.InboundMessage += OnInbound;
        }

        /// <summary>An applied delta changed the settings (re-apply them, persist them).</summary>
        public event SettingsChangedHandler Applied;

        public ShadowAgent Agent { get { return _agent; } }

        /// <summary>Reported-state documents published.</summary>
        public long ReportsPublished { get; private set; }

        /// <summary>A reported state waits to be published.</summary>
        public bool ReportPending { get { return _reportPending; } }

        /// <summary>Logs applied and rejected deltas to <paramref name="log"/> (optional).</summary>
        public void LogTo(FirmwareLog log)
        {
            _log = log;
        }

        /// <summary>Publishes the reported state soon (settings changed by other means, e.g. a config job or the console).</summary>
        public void RequestReport()
        {
            _reportPending = true;
        }

        public void Tick()
        {
            if (_session.State != SessionState.Online) return;
            long connects = _session.Counters.ConnectAttempts;
            if (connects != _connectsSeen)
            {
                _connectsSeen = connects;
                _reportPending = true;
            }
            if (_reportPending && PublishReported()) _reportPending = false;
        }

        private void OnInbound(string topic, byte[] payload, int offset, int count)
        {
            if (!Topics.Same(topic, _topics.ShadowUpdateDelta)) return;
            ShadowDeltaResult result = _agent.ApplyDelta(payload, offset, count);
            if (result == ShadowDeltaResult.Stale) return;
            _reportPending = true;
            if (result == ShadowDeltaResult.Applied)
            {
                SettingsChangedHandler handler = Applied;
                if (handler != null) handler();
                if (_log != null) _log.Info("shadow delta applied (version " + TextFormat.Int(_agent.LastVersion) + ")");
            }
            else if (_log != null)
            {
                string why = _agent.Conflict;
                _log.Warn("shadow delta rejected: " + ShadowAgent.ReasonName(_agent.Rejection) + (why == null ? "" : " (" + why + ")"));
            }
        }

        /// <summary>True when done: published, or the document cannot fit the buffer (nothing to retry).</summary>
        private bool PublishReported()
        {
            _writer.Reset(_buffer, 0, _buffer.Length);
            if (!_agent.WriteReported(_writer, _session.Counters, _outbox.Dropped)) return true;
            if (!_session.PublishControl(_topics.ShadowUpdate, _buffer, 0, _writer.Length)) return false;
            ReportsPublished++;
            return true;
        }
    }
}
