using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// Apply / confirm / roll back, driven by a persisted record so every power-cut point is recoverable:
    /// Idle → Downloading → Staged → Rebooting → Trial → Confirmed | RolledBack (Failed when the download fails), and back
    /// to Idle once the outcome is reported. Every transition is written (alternating two CRC-checked copies) before the
    /// action it announces, and the active slot changes only when a trial image has connected and published, so the
    /// slot chosen at boot always holds a complete image.
    /// </summary>
    public sealed class OtaStateMachine
    {
        private readonly IOtaStateStore _stateStore;
        private readonly IImageStore _images;
        private readonly IClock _clock;
        private readonly OtaRecord _record = new OtaRecord();
        private readonly OtaRecord _next = new OtaRecord();
        private readonly OtaRecord _scratch = new OtaRecord();
        private readonly byte[] _buffer = new byte[OtaRecord.MaxSize];
        private int _runningSlot;

        /// <summary>Boots of the staged image allowed without a confirmation before rolling back.</summary>
        public int MaxTrialBoots = 3;
        /// <summary>Uptime within which a trial image must connect and publish, or it is rebooted (and the boot counter decides).</summary>
        public long ConfirmWindowMs = 300000;

        public OtaStateMachine(IOtaStateStore stateStore, IImageStore images, IClock clock)
        {
            if (stateStore == null || images == null || clock == null)
            {
                throw new System.ArgumentNullException();
            }
            _stateStore = stateStore;
            _images = images;
            _clock = clock;
            _record.Reset();
        }

        public OtaState State
        {
            get { return _record.State; }
        }

        /// <summary>The confirmed image slot: it always holds a bootable image.</summary>
        public int ActiveSlot
        {
            get { return _record.ActiveSlot; }
        }

        /// <summary>The slot that is downloaded into and tried: always the one that is not active.</summary>
        public int StagingSlot
        {
            get { return 1 - _record.ActiveSlot; }
        }

        /// <summary>The slot this boot runs (set by <see cref="SelectBootSlot"/>).</summary>
        public int RunningSlot
        {
            get { return _runningSlot; }
        }

        public int BootCount
        {
            get { return _record.BootCount; }
        }

        public OtaError Error
        {
            get { return _record.Error; }
        }

        public string JobId
        {
            get { return _record.JobId; }
        }

        public string TargetVersion
        {
            get { return _record.Version; }
        }

        public long ImageSize
        {
            get { return _record.ImageSize; }
        }

        public void CopySha256(byte[] destination, int offset)
        {
            System.Array.Copy(_record.Sha256, 0, destination, offset, 32);
        }

        /// <summary>True when the persisted download/trial is for this exact image (resume it rather than restart).</summary>
        public bool IsSameImage(string jobId, long size, byte[] sha256, int shaOffset)
        {
            if (jobId == null || _record.JobId != jobId || _record.ImageSize != size || sha256 == null
                || shaOffset < 0 || shaOffset > sha256.Length - 32)
            {
                return false;
            }
            for (int i = 0; i < 32; i++)
            {
                if (_record.Sha256[i] != sha256[shaOffset + i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Reads the newest valid copy of the record. Returns false when neither copy is valid: the state is then the
        /// factory state (Idle, slot 0 active unless only slot 1 carries a commit marker), written by the first transition.
        /// </summary>
        public bool Load()
        {
            bool found = false;
            for (int copy = 0; copy < 2; copy++)
            {
                int length = _stateStore.Read(copy, _buffer, 0, _buffer.Length);
                if (length <= 0 || length > _buffer.Length || !_scratch.TryDeserialize(_buffer, length))
                {
                    continue;
                }
                if (!found || (int)(_scratch.Generation - _record.Generation) > 0)
                {
                    _record.CopyFrom(_scratch);
                    found = true;
                }
            }
            if (!found)
            {
                _record.Reset();
                // Both copies lost (flash damage): run whichever slot holds a committed image, slot 0 when both or neither do.
                if (!_images.HasCommitMarker(0) && _images.HasCommitMarker(1))
                {
                    _record.ActiveSlot = 1;
                    _record.TrialSlot = 0;
                }
            }
            _runningSlot = _record.ActiveSlot;
            return found;
        }

        /// <summary>
        /// The boot loader's decision, called once per power-on after <see cref="Load"/>: counts trial boots, rolls back
        /// when they are used up or the staged image is not committed, and returns the slot to run.
        /// </summary>
        public int SelectBootSlot()
        {
            _runningSlot = _record.ActiveSlot;
            if (_record.State == OtaState.Rebooting)
            {
                if (!TrialImageLooksComplete())
                {
                    RollBack(OtaError.ImageInvalid);
                    return _runningSlot;
                }
                BeginNext(OtaState.Trial);
                _next.BootCount = 1;
                if (Commit())
                {
                    _runningSlot = _record.TrialSlot;
                }
            }
            else if (_record.State == OtaState.Trial)
            {
                if (_record.BootCount >= MaxTrialBoots || !TrialImageLooksComplete())
                {
                    RollBack(_record.BootCount >= MaxTrialBoots ? OtaError.NotConfirmed : OtaError.ImageInvalid);
                    return _runningSlot;
                }
                BeginNext(OtaState.Trial);
                _next.BootCount = _record.BootCount + 1;
                // Without a durable count a crashing image could loop for ever: run the active image instead.
                if (Commit())
                {
                    _runningSlot = _record.TrialSlot;
                }
            }
            return _runningSlot;
        }

        /// <summary>
        /// For a device whose resident boot loader already ran <see cref="SelectBootSlot"/> in this power-on (on its own
        /// instance) and started <paramref name="slot"/>: the application's instance takes that decision over after
        /// <see cref="Load"/>, without counting the boot again. False (and nothing changes) when the record does not allow
        /// that slot to run: neither the active slot nor the slot on trial.
        /// </summary>
        public bool AdoptBootSlot(int slot)
        {
            if (slot == _record.ActiveSlot || (_record.State == OtaState.Trial && slot == _record.TrialSlot))
            {
                _runningSlot = slot;
                return true;
            }
            return false;
        }

        /// <summary>Idle → Downloading: erases the staging slot, then records the image to fetch.</summary>
        public OtaError BeginDownload(string jobId, string version, long size, byte[] sha256, int shaOffset)
        {
            if (_record.State != OtaState.Idle)
            {
                return OtaError.Aborted;
            }
            if (size <= 0 || sha256 == null || shaOffset < 0 || shaOffset > sha256.Length - 32 || jobId == null
                || !OtaRecord.IsStorableText(jobId, OtaRecord.MaxJobIdLength)
                || !OtaRecord.IsStorableText(version, OtaRecord.MaxVersionLength))
            {
                return OtaError.InvalidRequest;
            }
            if (size > _images.SlotCapacity)
            {
                return OtaError.SizeExceedsSlot;
            }
            int slot = StagingSlot;
            // Erase before the record says Downloading, so a resume never continues over bytes of another image.
            if (!_images.Erase(slot))
            {
                return OtaError.StorageError;
            }
            BeginNext(OtaState.Downloading);
            _next.TrialSlot = slot;
            _next.BootCount = 0;
            _next.ImageSize = size;
            System.Array.Copy(sha256, shaOffset, _next.Sha256, 0, 32);
            _next.JobId = jobId;
            _next.Version = version;
            return Commit() ? OtaError.None : OtaError.StorageError;
        }

        /// <summary>Downloading → Staged, after <see cref="OtaDownload"/> verified size and hash: commit marker first, then the record.</summary>
        public OtaError MarkStaged()
        {
            if (_record.State != OtaState.Downloading)
            {
                return OtaError.Aborted;
            }
            if (_images.GetLength(_record.TrialSlot) != _record.ImageSize)
            {
                return OtaError.StorageError;
            }
            if (!_images.WriteCommitMarker(_record.TrialSlot))
            {
                return OtaError.StorageError;
            }
            BeginNext(OtaState.Staged);
            return Commit() ? OtaError.None : OtaError.StorageError;
        }

        /// <summary>Downloading → Failed with the reason to report. The active slot never changed.</summary>
        public bool MarkDownloadFailed(OtaError reason)
        {
            if (_record.State != OtaState.Downloading)
            {
                return false;
            }
            BeginNext(OtaState.Failed);
            _next.Error = reason == OtaError.None ? OtaError.DownloadFailed : reason;
            return Commit();
        }

        /// <summary>Staged → Rebooting. On true the caller reboots; the next <see cref="SelectBootSlot"/> starts the trial.</summary>
        public bool RequestApply()
        {
            if (_record.State != OtaState.Staged)
            {
                return false;
            }
            BeginNext(OtaState.Rebooting);
            return Commit();
        }

        /// <summary>
        /// The running trial image has connected and had a publish acknowledged: Trial → Confirmed, and its slot becomes
        /// the active one. Ignored unless this boot actually runs the trial slot.
        /// </summary>
        public bool ConfirmRunning()
        {
            if (_record.State != OtaState.Trial || _runningSlot != _record.TrialSlot)
            {
                return false;
            }
            BeginNext(OtaState.Confirmed);
            _next.ActiveSlot = _record.TrialSlot;
            _next.TrialSlot = 1 - _record.TrialSlot;
            return Commit();
        }

        /// <summary>True when this boot runs the trial image and its confirmation window has passed: the caller reboots.</summary>
        public bool IsTrialWindowExpired()
        {
            return _record.State == OtaState.Trial && _runningSlot == _record.TrialSlot
                && _clock.UptimeMilliseconds >= ConfirmWindowMs;
        }

        /// <summary>Confirmed | RolledBack | Failed → Idle, once the job service accepted the final status.</summary>
        public bool AcknowledgeOutcome()
        {
            if (_record.State != OtaState.Confirmed && _record.State != OtaState.RolledBack && _record.State != OtaState.Failed)
            {
                return false;
            }
            BeginNext(OtaState.Idle);
            _next.BootCount = 0;
            _next.Error = OtaError.None;
            _next.JobId = null;
            return Commit();
        }

        /// <summary>Drops a download or a staged image that was never applied (job cancelled): Downloading | Staged → Idle.</summary>
        public bool Abandon()
        {
            if (_record.State != OtaState.Downloading && _record.State != OtaState.Staged)
            {
                return false;
            }
            BeginNext(OtaState.Idle);
            _next.JobId = null;
            _next.Error = OtaError.None;
            return Commit();
        }

        private bool TrialImageLooksComplete()
        {
            int slot = _record.TrialSlot;
            return slot != _record.ActiveSlot && _images.HasCommitMarker(slot) && _images.GetLength(slot) == _record.ImageSize;
        }

        private void RollBack(OtaError reason)
        {
            BeginNext(OtaState.RolledBack);
            _next.Error = reason;
            // Even if this write fails the active slot runs; the next boot repeats the decision.
            Commit();
            _runningSlot = _record.ActiveSlot;
        }

        private void BeginNext(OtaState state)
        {
            _next.CopyFrom(_record);
            _next.State = state;
        }

        private bool Commit()
        {
            _next.Generation = _record.Generation + 1;
            int length = _next.Serialize(_buffer);
            if (!_stateStore.Write((int)(_next.Generation & 1), _buffer, 0, length))
            {
                return false;
            }
            _record.CopyFrom(_next);
            return true;
        }
    }
}
