using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Puts a <see cref="JobsClient"/> and its <see cref="JobRunner"/> on the device's <see cref="SessionManager"/> (the one the
    /// main loop ticks): jobs messages arrive through the session's own-thing inbound event, reports go out through
    /// <see cref="SessionManager.PublishControl"/>, every (re)connect asks start-next, and the first acknowledged publish of
    /// the boot confirms a trial image. Call <see cref="Tick"/> right after the loop's tick. Allocates nothing per tick.
    /// </summary>
    public sealed class SessionJobs
    {
        private readonly SessionManager _session;
        private readonly JobRunner _runner;
        private readonly JobsClient _client;
        private bool _online;
        private long _connectsSeen;
        private long _ackedSeen;

        public SessionJobs(SessionManager session, Topics topics, IClock clock, JobDocumentValidator validator,
            IJobStateStore store, JobRunner runner, int documentBufferBytes)
        {
            if (session == null || runner == null)
            {
                throw new System.ArgumentNullException();
            }
            _session = session;
            _runner = runner;
            _client = new JobsClient(new SessionControlTransport(session), topics, clock, validator, store, runner, documentBufferBytes);
            // The session subscribes to Topics.Subscriptions (the jobs topics among them) on every connect.
            _client.SubscribeOnConnect = false;
            session.InboundMessage += _client.HandleMessage;
        }

        public JobsClient Client
        {
            get { return _client; }
        }

        public JobRunner Runner
        {
            get { return _runner; }
        }

        public void Tick()
        {
            bool online = _session.State == SessionState.Online;
            long connects = _session.Counters.ConnectAttempts;
            if (online && (!_online || connects != _connectsSeen))
            {
                _client.OnConnected();
            }
            _online = online;
            _connectsSeen = connects;

            long acked = _session.Counters.ReadingsAcked;
            if (acked != _ackedSeen)
            {
                _ackedSeen = acked;
                _runner.OnPublishAcknowledged();
            }
            _runner.Poll();
            _client.Poll();
        }
    }
}
