using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Carries out validated jobs: <c>ota</c> through <see cref="OtaStateMachine"/> and <see cref="OtaDownload"/> (download with
    /// progress in statusDetails, stage, reboot into the trial, SUCCEEDED once the new version has connected and published,
    /// FAILED with the reason after a failed download or a rollback), <c>reboot</c> (SUCCEEDED after the reboot, using a
    /// persisted phase), and <c>config</c> through a <see cref="ConfigApplyHandler"/>. Call <see cref="Poll"/> every loop turn and
    /// <see cref="OnPublishAcknowledged"/> whenever a publish of this boot has been acknowledged.
    /// </summary>
    public sealed class JobRunner : IJobHandler
    {
        private const int PhaseRebootIssued = 1;
        private const string StepDownload = "download";
        private const string StepApplying = "rebooting into new version";
        private const string StepRebooting = "rebooting";

        private readonly OtaStateMachine _ota;
        private readonly OtaDownload _download;
        private readonly IDeviceRestart _restart;
        private readonly ConfigApplyHandler _applyConfig;

        private JobsClient _client;
        private bool _downloading;
        private bool _restartRequested;

        public JobRunner(OtaStateMachine ota, OtaDownload download, IDeviceRestart restart, ConfigApplyHandler applyConfig)
        {
            if (ota == null || download == null || restart == null)
            {
                throw new System.ArgumentNullException();
            }
            _ota = ota;
            _download = download;
            _restart = restart;
            _applyConfig = applyConfig;
            _download.Progress += OnProgress;
        }

        /// <summary>True once a restart has been asked for (the restart itself happens in <see cref="Poll"/>).</summary>
        public bool RestartRequested
        {
            get { return _restartRequested; }
        }

        public void OnJobStarted(JobsClient client, string jobId, JobDocument document, byte[] documentBuffer, int resumedPhase)
        {
            _client = client;
            switch (document.Operation)
            {
                case JobOperation.Reboot:
                    if (resumedPhase == PhaseRebootIssued)
                    {
                        client.Finish(JobExecutionStatus.Succeeded, "rebooted");
                    }
                    else if (client.SetPhase(PhaseRebootIssued))
                    {
                        client.ReportProgress(StepRebooting, -1);
                        _restartRequested = true;
                    }
                    else
                    {
                        client.Finish(JobExecutionStatus.Failed, "state storage write failed");
                    }
                    return;
                case JobOperation.Config:
                    string reason = _applyConfig == null ? "config: not supported by this firmware"
                        : _applyConfig(documentBuffer, document.ConfigOffset, document.ConfigLength);
                    client.Finish(reason == null ? JobExecutionStatus.Succeeded : JobExecutionStatus.Failed, reason ?? "applied");
                    return;
                case JobOperation.Ota:
                    StartOta(client, jobId, document);
                    return;
            }
        }

        private void StartOta(JobsClient client, string jobId, JobDocument document)
        {
            bool same = _ota.IsSameImage(jobId, document.Size, document.Sha256, 0);
            if (!same && (_ota.State == OtaState.Downloading || _ota.State == OtaState.Staged))
            {
                // Left over from another job: drop it.
                _download.Abort();
                _ota.Abandon();
            }
            if (!same && (_ota.State == OtaState.Confirmed || _ota.State == OtaState.RolledBack || _ota.State == OtaState.Failed))
            {
                // The outcome of an earlier job whose report was accepted before a power cut: start-next only hands out a
                // different job once that one is finished, so the outcome is stale.
                _ota.AcknowledgeOutcome();
            }
            if (!same && _ota.State != OtaState.Idle)
            {
                // An outcome of another job has not been acknowledged yet (or a trial of another job runs): not now.
                client.Finish(JobExecutionStatus.Failed, "another update is in progress");
                return;
            }

            switch (_ota.State)
            {
                case OtaState.Idle:
                    OtaError begin = _ota.BeginDownload(jobId, document.VersionToString(), document.Size, document.Sha256, 0);
                    if (begin != OtaError.None)
                    {
                        client.Finish(JobExecutionStatus.Failed, OtaErrorText.Reason(begin));
                        return;
                    }
                    StartDownload(client, document);
                    return;
                case OtaState.Downloading:
                    StartDownload(client, document);
                    return;
                case OtaState.Staged:
                    Apply(client);
                    return;
                case OtaState.Rebooting:
                case OtaState.Trial:
                    // The trial image runs; it reports once it has connected and published (or the loader rolls back).
                    client.ReportProgress("trial", -1);
                    return;
                default:
                    ReportOutcome(client);
                    return;
            }
        }

        private void StartDownload(JobsClient client, JobDocument document)
        {
            OtaError start = _download.Start(_ota.StagingSlot, document.UrlToString(), document.Size, document.Sha256, 0);
            if (start != OtaError.None)
            {
                _ota.MarkDownloadFailed(start);
                ReportOutcome(client);
                return;
            }
            _downloading = true;
            client.ReportProgress(StepDownload, (int)(_download.ResumedBytes * 100 / document.Size));
        }

        /// <summary>One download chunk, the trial window, and a requested restart. Call every loop turn.</summary>
        public void Poll()
        {
            if (_downloading)
            {
                OtaStepResult r = _download.Step();
                if (r == OtaStepResult.Completed)
                {
                    _downloading = false;
                    OtaError staged = _ota.MarkStaged();
                    if (staged != OtaError.None)
                    {
                        _ota.MarkDownloadFailed(staged);
                        ReportOutcome(_client);
                    }
                    else
                    {
                        Apply(_client);
                    }
                }
                else if (r == OtaStepResult.Failed || r == OtaStepResult.Idle)
                {
                    _downloading = false;
                    _ota.MarkDownloadFailed(_download.Error);
                    ReportOutcome(_client);
                }
            }
            if (!_restartRequested && _ota.IsTrialWindowExpired())
            {
                _restartRequested = true;
            }
            if (_restartRequested)
            {
                _restartRequested = false;
                _restart.Restart();
            }
        }

        /// <summary>
        /// A publish of this boot was acknowledged by the broker (the session's proof of connectivity). A trial image
        /// confirms itself here; the SUCCEEDED report follows as soon as the job is known.
        /// </summary>
        public void OnPublishAcknowledged()
        {
            if (_ota.State == OtaState.Trial && _ota.ConfirmRunning() && _client != null && _client.CurrentJobId == _ota.JobId
                && _client.State == JobsClientState.Running)
            {
                ReportOutcome(_client);
            }
        }

        public void OnJobFinished(JobsClient client, string jobId)
        {
            if (jobId == _ota.JobId)
            {
                _ota.AcknowledgeOutcome();
            }
        }

        public void OnJobCancelled(JobsClient client, string jobId)
        {
            if (jobId != _ota.JobId)
            {
                return;
            }
            if (_ota.State == OtaState.Downloading || _ota.State == OtaState.Staged)
            {
                _downloading = false;
                _download.Abort();
                _ota.Abandon();
            }
            else
            {
                _ota.AcknowledgeOutcome();
            }
        }

        private void Apply(JobsClient client)
        {
            if (_ota.RequestApply())
            {
                client.ReportProgress(StepApplying, 100);
                _restartRequested = true;
            }
            else
            {
                client.Finish(JobExecutionStatus.Failed, "state storage write failed");
            }
        }

        private void ReportOutcome(JobsClient client)
        {
            switch (_ota.State)
            {
                case OtaState.Confirmed:
                    client.Finish(JobExecutionStatus.Succeeded, "new version confirmed");
                    return;
                case OtaState.RolledBack:
                case OtaState.Failed:
                    client.Finish(JobExecutionStatus.Failed, OtaErrorText.Reason(_ota.Error));
                    return;
            }
        }

        private void OnProgress(long received, long total, int percent)
        {
            if (_client != null)
            {
                _client.ReportProgress(StepDownload, percent);
            }
        }
    }
}
