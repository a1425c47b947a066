using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// The device side of the AWS IoT Jobs MQTT API, one job at a time: listens on …/jobs/notify-next, takes the next job with
    /// …/jobs/start-next (which also hands back a job left IN_PROGRESS before a reboot), validates its document, hands it to
    /// an <see cref="IJobHandler"/>, and reports with …/jobs/{jobId}/update carrying status, statusDetails, expectedVersion and
    /// clientToken. A VersionMismatch takes the service's current version (from the error's executionState, or by re-reading
    /// with start-next) and retries; replies that do not carry the expected clientToken are ignored. The job in progress and
    /// the handler's phase are persisted, so a reboot resumes it.
    /// Call <see cref="HandleMessage"/> and <see cref="Poll"/> from the main loop (not re-entrantly from a Publish call).
    /// </summary>
    public sealed class JobsClient
    {
        private const string StepKey = "step";
        private const string ProgressKey = "progress";
        private const string ReasonKey = "reason";

        private readonly IMqttTransport _transport;
        private readonly Topics _topics;
        private readonly IClock _clock;
        private readonly JobDocumentValidator _validator;
        private readonly IJobHandler _handler;
        private readonly JobRecordStore _record;
        private readonly JsonReader _reader = new JsonReader(JobDocumentValidator.MaxDepth + 4);
        private readonly JobsReply _reply = new JobsReply();
        private readonly JobDocument _document = new JobDocument();
        private readonly byte[] _documentBuffer;
        private readonly byte[] _payload = new byte[1536];
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly ClientTokens _tokens = new ClientTokens();
        private readonly byte[] _percent = new byte[8];

        private JobsClientState _state;
        private string _jobId;
        private string _updateTopic;
        private long _version = -1;
        private bool _awaitingReply;
        private bool _replyIsStartNext;
        private long _deadline;
        private long _retryAt;
        private int _attempts;
        private bool _rereading;
        private long _nextIdlePoll;

        // The update to send (the newest wins; a terminal one is never replaced).
        private bool _updatePending;
        private bool _updateInFlight;
        private JobExecutionStatus _updateStatus;
        private string _updateStep;
        private int _updatePercent;
        private string _updateReason;
        private bool _inFlightTerminal;

        public int ReplyTimeoutMs = 10000;
        public int RetryDelayMs = 5000;
        /// <summary>Sends of one request (timeouts, throttling, mismatches) before waiting for the next connection.</summary>
        public int MaxAttempts = 5;
        /// <summary>While idle, ask start-next this often in case a notify-next was missed; 0 turns it off.</summary>
        public long IdlePollIntervalMs = 15 * 60 * 1000;
        public int PublishQos;
        /// <summary>False when the session already subscribes to <see cref="Topics.Subscriptions"/> (which include the jobs topics).</summary>
        public bool SubscribeOnConnect = true;

        public int RepliesIgnored;
        public int VersionMismatches;
        public int UpdatesAccepted;
        public int JobsRejected;

        /// <param name="documentBufferBytes">Room for a job document sent as a JSON string (object documents are read in place).</param>
        public JobsClient(IMqttTransport transport, Topics topics, IClock clock, JobDocumentValidator validator, IJobStateStore store,
            IJobHandler handler, int documentBufferBytes)
        {
            if (transport == null || topics == null || clock == null || validator == null || store == null || handler == null)
            {
                throw new System.ArgumentNullException();
            }
            _transport = transport;
            _topics = topics;
            _clock = clock;
            _validator = validator;
            _handler = handler;
            _record = new JobRecordStore(store);
            _documentBuffer = new byte[documentBufferBytes < 256 ? 256 : documentBufferBytes];
            _record.Load();
        }

        public JobsClientState State
        {
            get { return _state; }
        }

        /// <summary>The job in progress (also the one persisted before a reboot, until start-next answers).</summary>
        public string CurrentJobId
        {
            get { return _state == JobsClientState.Running ? _jobId : _record.JobId; }
        }

        /// <summary>The job execution's versionNumber as last reported by the service (-1 unknown).</summary>
        public long CurrentVersion
        {
            get { return _version; }
        }

        public int Phase
        {
            get { return _record.Phase; }
        }

        /// <summary>After every (re)connect: subscribes to the jobs topics and asks start-next (which also resumes a job).</summary>
        public bool OnConnected()
        {
            bool ok = !SubscribeOnConnect
                || (_transport.Subscribe(_topics.JobsNotifyNext, 1) == MqttTransportStatus.Ok
                    & _transport.Subscribe(_topics.JobsStartNextAccepted, 1) == MqttTransportStatus.Ok
                    & _transport.Subscribe(_topics.JobsStartNextRejected, 1) == MqttTransportStatus.Ok
                    & _transport.Subscribe(_topics.JobsUpdateReplies, 1) == MqttTransportStatus.Ok);
            _attempts = 0;
            _retryAt = 0;
            // Tokens continue from the wall clock so a reply meant for the previous boot can never match one of this boot.
            if (_clock.IsWallClockSet)
            {
                _tokens.ContinueFrom(_clock.EpochMilliseconds);
            }
            if (_awaitingReply && !_replyIsStartNext)
            {
                RequeueInFlight();
            }
            _awaitingReply = false;
            if (_state == JobsClientState.Running)
            {
                // Refresh the execution's version (and make sure the job is still ours) before sending what is pending.
                _rereading = true;
            }
            else
            {
                _state = JobsClientState.Requesting;
            }
            SendStartNext();
            return ok;
        }

        /// <summary>Persists a handler-defined phase of the job in progress (e.g. "reboot issued"), returned on resume.</summary>
        public bool SetPhase(int phase)
        {
            return _state == JobsClientState.Running && _record.Save(_jobId, phase);
        }

        /// <summary>IN_PROGRESS with statusDetails {step, progress: "NN%"}; <paramref name="percent"/> &lt; 0 leaves progress out.</summary>
        public void ReportProgress(string step, int percent)
        {
            if (_state != JobsClientState.Running || (_updatePending && JobStatusNames.IsTerminal(_updateStatus))
                || (_updateInFlight && _inFlightTerminal))
            {
                return;
            }
            SetUpdate(JobExecutionStatus.InProgress, step, percent, null);
        }

        /// <summary>Reports the job's final status (SUCCEEDED, FAILED or REJECTED) with a reason in statusDetails.</summary>
        public void Finish(JobExecutionStatus status, string reason)
        {
            if (_state != JobsClientState.Running || !JobStatusNames.IsTerminal(status))
            {
                return;
            }
            if (status == JobExecutionStatus.Rejected)
            {
                JobsRejected++;
            }
            SetUpdate(status, null, -1, reason);
        }

        /// <summary>Timeouts, retries and the idle poll. Call every loop turn.</summary>
        public void Poll()
        {
            long now = _clock.UptimeMilliseconds;
            if (_awaitingReply && now >= _deadline)
            {
                _awaitingReply = false;
                if (!_replyIsStartNext)
                {
                    RequeueInFlight();
                }
                Retry();
                return;
            }
            if (_retryAt != 0 && now >= _retryAt)
            {
                _retryAt = 0;
                Resend();
                return;
            }
            if (_state == JobsClientState.Idle && IdlePollIntervalMs > 0 && now >= _nextIdlePoll)
            {
                _state = JobsClientState.Requesting;
                _attempts = 0;
                SendStartNext();
            }
        }

        /// <summary>An inbound message (wire to the session's own-thing inbound event). Only jobs topics are looked at.</summary>
        public void HandleMessage(string topic, byte[] payload, int offset, int count)
        {
            if (topic == null || payload == null)
            {
                return;
            }
            int jobIdStart;
            int jobIdLength;
            JobsTopic kind = JobsTopicMatcher.Match(topic, _topics.Thing, out jobIdStart, out jobIdLength);
            switch (kind)
            {
                case JobsTopic.NextJobChanged:
                    if (_reply.Parse(_reader, payload, offset, count, _documentBuffer))
                    {
                        OnNotifyNext(payload);
                    }
                    return;
                case JobsTopic.StartNextAccepted:
                case JobsTopic.StartNextRejected:
                    if (!_reply.Parse(_reader, payload, offset, count, _documentBuffer) || !IsAwaited(payload, true))
                    {
                        RepliesIgnored++;
                        return;
                    }
                    _awaitingReply = false;
                    if (kind == JobsTopic.StartNextAccepted)
                    {
                        OnStartNextAccepted(payload);
                    }
                    else
                    {
                        Retry();
                    }
                    return;
                case JobsTopic.UpdateAccepted:
                case JobsTopic.UpdateRejected:
                    // Only replies about the job in progress.
                    if (_updateTopic == null || !JobsText.SameRange(topic, jobIdStart, jobIdLength, _jobId))
                    {
                        return;
                    }
                    if (!_reply.Parse(_reader, payload, offset, count, _documentBuffer) || !IsAwaited(payload, false))
                    {
                        RepliesIgnored++;
                        return;
                    }
                    _awaitingReply = false;
                    if (kind == JobsTopic.UpdateAccepted)
                    {
                        OnUpdateAccepted();
                    }
                    else
                    {
                        OnUpdateRejected();
                    }
                    return;
                default:
                    return;
            }
        }

        private void OnNotifyNext(byte[] payload)
        {
            if (_state == JobsClientState.Idle)
            {
                if (_reply.HasExecution)
                {
                    _state = JobsClientState.Requesting;
                    _attempts = 0;
                    SendStartNext();
                }
                return;
            }
            if (_state == JobsClientState.Running && !_rereading
                && (!_reply.HasExecution || !JobsText.SameAscii(payload, _reply.JobIdStart, _reply.JobIdLength, _jobId)))
            {
                // The next job is not ours any more: finished, cancelled or removed. start-next tells which; if an update is
                // on its way, its reply tells the same.
                if (!_awaitingReply)
                {
                    _rereading = true;
                    _attempts = 0;
                    SendStartNext();
                }
            }
        }

        private void OnStartNextAccepted(byte[] payload)
        {
            bool hasJob = _reply.HasExecution && _reply.JobIdLength > 0;
            if (_state == JobsClientState.Running)
            {
                _rereading = false;
                if (hasJob && JobsText.SameAscii(payload, _reply.JobIdStart, _reply.JobIdLength, _jobId))
                {
                    if (_reply.VersionNumber >= 0)
                    {
                        _version = _reply.VersionNumber;
                    }
                    _attempts = 0;
                    if (_updatePending)
                    {
                        SendUpdate();
                    }
                    return;
                }
                // Our job is gone. If its final status was on its way, the service has it; otherwise it was cancelled.
                bool finished = _inFlightTerminal || (_updatePending && JobStatusNames.IsTerminal(_updateStatus));
                JobEnded(finished);
            }
            else if (!hasJob && _record.JobId != null)
            {
                // A job persisted before a reboot is no longer pending: it was cancelled or finished meanwhile.
                string gone = _record.JobId;
                _record.Save(null, 0);
                _handler.OnJobCancelled(this, gone);
            }

            if (!hasJob)
            {
                _state = JobsClientState.Idle;
                _nextIdlePoll = _clock.UptimeMilliseconds + IdlePollIntervalMs;
                return;
            }
            BeginJob(payload);
        }

        private void BeginJob(byte[] payload)
        {
            int resumedPhase = -1;
            if (_record.JobId != null && JobsText.SameAscii(payload, _reply.JobIdStart, _reply.JobIdLength, _record.JobId))
            {
                _jobId = _record.JobId;
                resumedPhase = _record.Phase;
            }
            else
            {
                if (_record.JobId != null)
                {
                    // start-next returns IN_PROGRESS jobs first, so a different job means the persisted one ended meanwhile.
                    string gone = _record.JobId;
                    _record.Save(null, 0);
                    _handler.OnJobCancelled(this, gone);
                }
                _jobId = JobsText.Ascii(payload, _reply.JobIdStart, _reply.JobIdLength);
                _record.Save(_jobId, 0);
            }
            _updateTopic = _topics.JobUpdate(_jobId);
            _version = _reply.VersionNumber;
            _state = JobsClientState.Running;
            _updatePending = false;
            _updateInFlight = false;
            _inFlightTerminal = false;
            _rereading = false;
            _attempts = 0;

            bool valid;
            if (!_reply.HasDocument)
            {
                valid = false;
                Finish(JobExecutionStatus.Rejected, "document: missing");
            }
            else if (_reply.DocumentLength < 0)
            {
                valid = false;
                Finish(JobExecutionStatus.Rejected, "document: larger than the device buffer");
            }
            else
            {
                byte[] source = _reply.DocumentInBuffer ? _documentBuffer : payload;
                // A resumed job was accepted when it started; its target version may be the one running now.
                valid = _validator.Validate(source, _reply.DocumentStart, _reply.DocumentLength, _document, resumedPhase >= 0);
                if (!valid)
                {
                    Finish(JobExecutionStatus.Rejected, _validator.Reason);
                }
                else
                {
                    _handler.OnJobStarted(this, _jobId, _document, source, resumedPhase);
                }
            }
        }

        private void OnUpdateAccepted()
        {
            _updateInFlight = false;
            UpdatesAccepted++;
            _attempts = 0;
            _version = _reply.HasState && _reply.StateVersion >= 0 ? _reply.StateVersion : (_version >= 0 ? _version + 1 : -1);
            if (_inFlightTerminal)
            {
                JobEnded(true);
                if (_state == JobsClientState.Idle)
                {
                    _state = JobsClientState.Requesting;
                    SendStartNext();
                }
                return;
            }
            if (_updatePending)
            {
                SendUpdate();
            }
        }

        private void OnUpdateRejected()
        {
            bool terminal = _inFlightTerminal;
            JobsErrorCode code = _reply.Code;
            if (code == JobsErrorCode.VersionMismatch)
            {
                VersionMismatches++;
                if (_reply.HasState && JobStatusNames.IsTerminal(_reply.StateStatus))
                {
                    JobGone(terminal);
                    return;
                }
                RequeueInFlight();
                if (_reply.HasState && _reply.StateVersion >= 0)
                {
                    _version = _reply.StateVersion;
                    Retry();
                }
                else
                {
                    _rereading = true;
                    _attempts++;
                    SendStartNext();
                }
                return;
            }
            if (code == JobsErrorCode.TerminalStateReached || code == JobsErrorCode.ResourceNotFound
                || code == JobsErrorCode.InvalidStateTransition)
            {
                JobGone(terminal);
                return;
            }
            RequeueInFlight();
            Retry();
        }

        private void JobGone(bool finished)
        {
            JobEnded(finished);
            if (_state == JobsClientState.Idle)
            {
                _state = JobsClientState.Requesting;
                _attempts = 0;
                SendStartNext();
            }
        }

        /// <summary>
        /// Tells the handler first and forgets the job after, so a power cut in between repeats the notice (start-next then
        /// finds no job for the persisted id) instead of losing it.
        /// </summary>
        private void JobEnded(bool finished)
        {
            string jobId = _jobId;
            if (finished)
            {
                _handler.OnJobFinished(this, jobId);
            }
            else
            {
                _handler.OnJobCancelled(this, jobId);
            }
            EndJob();
        }

        private void EndJob()
        {
            _record.Save(null, 0);
            _state = JobsClientState.Idle;
            _jobId = null;
            _updateTopic = null;
            _version = -1;
            _updatePending = false;
            _updateInFlight = false;
            _inFlightTerminal = false;
            _rereading = false;
            _attempts = 0;
        }

        private void SetUpdate(JobExecutionStatus status, string step, int percent, string reason)
        {
            _updatePending = true;
            _updateStatus = status;
            _updateStep = step;
            _updatePercent = percent;
            _updateReason = reason;
            if (!_awaitingReply && _retryAt == 0)
            {
                _attempts = 0;
                SendUpdate();
            }
        }

        private void RequeueInFlight()
        {
            // A newer pending update already supersedes the rejected one; otherwise send the same one again.
            if (_updateInFlight || !_updatePending)
            {
                _updatePending = true;
            }
            _updateInFlight = false;
        }

        private void Retry()
        {
            _attempts++;
            if (_attempts >= MaxAttempts)
            {
                // Give up until the next connection (OnConnected re-reads and resends).
                _retryAt = 0;
                if (_state == JobsClientState.Requesting)
                {
                    _state = JobsClientState.Idle;
                    _nextIdlePoll = _clock.UptimeMilliseconds + IdlePollIntervalMs;
                }
                return;
            }
            _retryAt = _clock.UptimeMilliseconds + RetryDelayMs;
            if (_retryAt == 0)
            {
                _retryAt = 1;
            }
        }

        private void Resend()
        {
            if (_state == JobsClientState.Requesting || _rereading)
            {
                SendStartNext();
            }
            else if (_state == JobsClientState.Running && _updatePending)
            {
                SendUpdate();
            }
        }

        private void SendStartNext()
        {
            _writer.Reset(_payload, 0, _payload.Length);
            _writer.BeginObject();
            _writer.PropertyName("clientToken");
            _tokens.Next();
            _writer.WriteRawValue(_tokens.Json, 0, _tokens.JsonLength);
            _writer.EndObject();
            Publish(_topics.JobsStartNext, true);
        }

        private void SendUpdate()
        {
            _writer.Reset(_payload, 0, _payload.Length);
            _writer.BeginObject();
            _writer.PropertyName("status");
            _writer.WriteString(JobStatusNames.Wire(_updateStatus));
            if (_updateStep != null || _updatePercent >= 0 || _updateReason != null)
            {
                _writer.PropertyName("statusDetails");
                _writer.BeginObject();
                if (_updateStep != null)
                {
                    _writer.PropertyName(StepKey);
                    _writer.WriteString(_updateStep);
                }
                if (_updatePercent >= 0)
                {
                    _writer.PropertyName(ProgressKey);
                    _writer.WriteRawValue(_percent, 0, FormatPercent(_updatePercent));
                }
                if (_updateReason != null)
                {
                    _writer.PropertyName(ReasonKey);
                    _writer.WriteString(_updateReason);
                }
                _writer.EndObject();
            }
            if (_version >= 0)
            {
                _writer.PropertyName("expectedVersion");
                _writer.WriteInt64(_version);
            }
            _writer.PropertyName("includeJobExecutionState");
            _writer.WriteBoolean(true);
            _writer.PropertyName("clientToken");
            _tokens.Next();
            _writer.WriteRawValue(_tokens.Json, 0, _tokens.JsonLength);
            _writer.EndObject();

            _inFlightTerminal = JobStatusNames.IsTerminal(_updateStatus);
            _updatePending = false;
            _updateInFlight = true;
            Publish(_updateTopic, false);
        }

        private void Publish(string topic, bool startNext)
        {
            _replyIsStartNext = startNext;
            _awaitingReply = true;
            _deadline = _clock.UptimeMilliseconds + ReplyTimeoutMs;
            int packetId;
            if (_writer.Overflow || _transport.Publish(topic, _payload, 0, _writer.Length, PublishQos, out packetId) != MqttTransportStatus.Ok)
            {
                // Not sent (offline or refused): the reply timeout turns this into a retry.
                _deadline = _clock.UptimeMilliseconds;
            }
        }

        private bool IsAwaited(byte[] payload, bool startNext)
        {
            return _awaitingReply && _replyIsStartNext == startNext && _reply.HasToken
                && _tokens.IsCurrent(payload, _reply.TokenStart, _reply.TokenLength);
        }

        private int FormatPercent(int percent)
        {
            _percent[0] = (byte)'"';
            int end = Text.NumberFormatter.WriteInt64(percent > 100 ? 100 : percent, _percent, 1, _percent.Length - 2);
            _percent[end] = (byte)'%';
            _percent[end + 1] = (byte)'"';
            return end + 2;
        }
    }
}
