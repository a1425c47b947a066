using Methane.Firmware.Core.Crypto;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// Downloads one image into a slot, one chunk per <see cref="Step"/>, so the main loop keeps running meanwhile.
    /// It always continues at the slot's stored length: after a dropped connection or a reboot the staged bytes are
    /// re-hashed and the rest is fetched with a Range request. Buffers are allocated once; Step allocates nothing.
    /// </summary>
    public sealed class OtaDownload
    {
        private const int PhaseIdle = 0;
        private const int PhaseRehash = 1;
        private const int PhaseConnect = 2;
        private const int PhaseReceive = 3;
        private const int PhaseDone = 4;
        private const int PhaseFailed = 5;

        private readonly IImageDownloader _downloader;
        private readonly IImageStore _store;
        private readonly IClock _clock;
        private readonly byte[] _buffer;
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _expected = new byte[Sha256.HashSize];
        private readonly byte[] _digest = new byte[Sha256.HashSize];

        private int _phase;
        private int _slot;
        private string _url;
        private long _size;
        private long _received;
        private long _rehashEnd;
        private bool _reusedStagedBytes;
        private bool _restartedFromZero;
        private int _consecutiveFailures;
        private int _retryDelayMs;
        private long _retryAtMs;
        private int _lastPercent;
        private long _lastReportMs;
        private OtaError _error;

        /// <summary>Report progress whenever the percentage crosses a multiple of this step.</summary>
        public int ProgressPercentStep = 10;
        /// <summary>…or when this much uptime has passed since the last report and bytes arrived.</summary>
        public int ProgressIntervalMs = 30000;
        /// <summary>Transient failures in a row (no byte received in between) before giving up.</summary>
        public int MaxRetries = 8;
        public int InitialRetryDelayMs = 1000;
        public int MaxRetryDelayMs = 60000;

        public event OtaProgressHandler Progress;

        /// <param name="chunkBuffer">Working buffer, allocated once by the caller; its length is the chunk size.</param>
        public OtaDownload(IImageDownloader downloader, IImageStore store, IClock clock, byte[] chunkBuffer)
        {
            if (downloader == null || store == null || clock == null || chunkBuffer == null || chunkBuffer.Length == 0)
            {
                throw new System.ArgumentNullException();
            }
            _downloader = downloader;
            _store = store;
            _clock = clock;
            _buffer = chunkBuffer;
        }

        public long ReceivedBytes
        {
            get { return _received; }
        }

        /// <summary>Bytes already staged when <see cref="Start"/> was called (re-hashed, not fetched again).</summary>
        public long ResumedBytes
        {
            get { return _rehashEnd; }
        }

        public long TotalBytes
        {
            get { return _size; }
        }

        public OtaError Error
        {
            get { return _error; }
        }

        public bool IsActive
        {
            get { return _phase == PhaseRehash || _phase == PhaseConnect || _phase == PhaseReceive; }
        }

        /// <summary>
        /// Starts (or resumes) downloading <paramref name="url"/> into <paramref name="slot"/>, continuing at the slot's stored
        /// length; erase the slot first for a fresh download. Checks the declared size against the slot before anything is fetched.
        /// </summary>
        public OtaError Start(int slot, string url, long size, byte[] sha256, int shaOffset)
        {
            Close();
            _error = OtaError.None;
            if (url == null || sha256 == null || shaOffset < 0 || shaOffset > sha256.Length - Sha256.HashSize || size <= 0)
            {
                return Fail(OtaError.InvalidRequest);
            }
            if (size > _store.SlotCapacity)
            {
                return Fail(OtaError.SizeExceedsSlot);
            }

            System.Array.Copy(sha256, shaOffset, _expected, 0, Sha256.HashSize);
            _slot = slot;
            _url = url;
            _size = size;
            _received = 0;
            _restartedFromZero = false;
            _consecutiveFailures = 0;
            _retryDelayMs = InitialRetryDelayMs;
            _retryAtMs = 0;
            _sha.Init();

            long staged = _store.GetLength(slot);
            if (staged > size)
            {
                // Not a prefix of this image: start over.
                if (!_store.Erase(slot))
                {
                    return Fail(OtaError.StorageError);
                }
                staged = 0;
            }
            _reusedStagedBytes = staged > 0;
            _rehashEnd = staged;
            _phase = staged > 0 ? PhaseRehash : PhaseConnect;
            _lastPercent = Percent(staged);
            _lastReportMs = _clock.UptimeMilliseconds;
            return OtaError.None;
        }

        /// <summary>Does one unit of work: re-hash one chunk of staged bytes, connect, or receive and store one chunk.</summary>
        public OtaStepResult Step()
        {
            switch (_phase)
            {
                case PhaseRehash:
                    StepRehash();
                    break;
                case PhaseConnect:
                    StepConnect();
                    break;
                case PhaseReceive:
                    StepReceive();
                    break;
                case PhaseDone:
                    return OtaStepResult.Completed;
                case PhaseFailed:
                    return OtaStepResult.Failed;
                default:
                    return OtaStepResult.Idle;
            }
            if (_phase == PhaseDone)
            {
                return OtaStepResult.Completed;
            }
            return _phase == PhaseFailed ? OtaStepResult.Failed : OtaStepResult.Working;
        }

        /// <summary>Stops the download and closes the connection; staged bytes stay for a later resume.</summary>
        public void Abort()
        {
            Close();
            _phase = PhaseIdle;
        }

        private void StepRehash()
        {
            long left = _rehashEnd - _received;
            int want = left < _buffer.Length ? (int)left : _buffer.Length;
            int n = _store.Read(_slot, _received, _buffer, 0, want);
            if (n <= 0)
            {
                Fail(OtaError.StorageError);
                return;
            }
            _sha.Update(_buffer, 0, n);
            _received += n;
            if (_received < _rehashEnd)
            {
                return;
            }
            if (_received == _size)
            {
                Verify();
            }
            else
            {
                _phase = PhaseConnect;
            }
        }

        private void StepConnect()
        {
            if (_retryAtMs != 0 && _clock.UptimeMilliseconds < _retryAtMs)
            {
                return;
            }
            _retryAtMs = 0;
            long total;
            DownloadStatus status = _downloader.Open(_url, _received, out total);
            if (status != DownloadStatus.Ok)
            {
                HandleFailure(status);
                return;
            }
            if (total >= 0 && total != _size)
            {
                Fail(OtaError.ServerSizeMismatch);
                return;
            }
            _phase = PhaseReceive;
        }

        private void StepReceive()
        {
            long left = _size - _received;
            int want = left < _buffer.Length ? (int)left : _buffer.Length;
            int n;
            DownloadStatus status = _downloader.Read(_buffer, 0, want, out n);
            if (status == DownloadStatus.Ok && n > 0)
            {
                if (n > want || !_store.Append(_slot, _buffer, 0, n))
                {
                    Fail(OtaError.StorageError);
                    return;
                }
                _sha.Update(_buffer, 0, n);
                _received += n;
                _consecutiveFailures = 0;
                _retryDelayMs = InitialRetryDelayMs;
                ReportProgress();
                if (_received == _size)
                {
                    Close();
                    Verify();
                }
                return;
            }
            if (status == DownloadStatus.EndOfStream || status == DownloadStatus.Ok)
            {
                Fail(OtaError.ImageTooShort);
                return;
            }
            HandleFailure(status);
        }

        private void HandleFailure(DownloadStatus status)
        {
            Close();
            switch (status)
            {
                case DownloadStatus.ConnectionDropped:
                case DownloadStatus.Timeout:
                case DownloadStatus.ServerError:
                    ScheduleRetry();
                    return;
                case DownloadStatus.RangeNotSupported:
                    if (_received == 0 || !_store.Erase(_slot))
                    {
                        Fail(_received == 0 ? OtaError.DownloadFailed : OtaError.StorageError);
                        return;
                    }
                    _received = 0;
                    _sha.Init();
                    _reusedStagedBytes = false;
                    ScheduleRetry();
                    return;
                case DownloadStatus.NotFound:
                    Fail(OtaError.NotFound);
                    return;
                default:
                    Fail(OtaError.DownloadFailed);
                    return;
            }
        }

        private void ScheduleRetry()
        {
            _consecutiveFailures++;
            if (_consecutiveFailures > MaxRetries)
            {
                Fail(OtaError.ConnectionLost);
                return;
            }
            _retryAtMs = _clock.UptimeMilliseconds + _retryDelayMs;
            if (_retryAtMs == 0)
            {
                _retryAtMs = 1;
            }
            _retryDelayMs = _retryDelayMs >= MaxRetryDelayMs / 2 ? MaxRetryDelayMs : _retryDelayMs * 2;
            _phase = PhaseConnect;
        }

        private void Verify()
        {
            if (_store.GetLength(_slot) != _size)
            {
                Fail(OtaError.StorageError);
                return;
            }
            _sha.Final(_digest);
            bool match = true;
            for (int i = 0; i < Sha256.HashSize; i++)
            {
                if (_digest[i] != _expected[i])
                {
                    match = false;
                }
            }
            if (match)
            {
                _phase = PhaseDone;
                return;
            }
            if (_reusedStagedBytes && !_restartedFromZero)
            {
                // Bytes staged before a power cut may be torn; fetch everything once more before blaming the image.
                _restartedFromZero = true;
                _reusedStagedBytes = false;
                if (!_store.Erase(_slot))
                {
                    Fail(OtaError.StorageError);
                    return;
                }
                _received = 0;
                _sha.Init();
                _lastPercent = 0;
                _phase = PhaseConnect;
                return;
            }
            Fail(OtaError.HashMismatch);
        }

        private void ReportProgress()
        {
            int percent = Percent(_received);
            long now = _clock.UptimeMilliseconds;
            int step = ProgressPercentStep > 0 ? ProgressPercentStep : 100;
            if (percent / step > _lastPercent / step || now - _lastReportMs >= ProgressIntervalMs)
            {
                _lastPercent = percent;
                _lastReportMs = now;
                OtaProgressHandler handler = Progress;
                if (handler != null)
                {
                    handler(_received, _size, percent);
                }
            }
        }

        private int Percent(long received)
        {
            return _size <= 0 ? 0 : (int)(received * 100 / _size);
        }

        private OtaError Fail(OtaError error)
        {
            Close();
            _error = error;
            _phase = PhaseFailed;
            return error;
        }

        private void Close()
        {
            if (_phase == PhaseReceive || _phase == PhaseConnect)
            {
                _downloader.Close();
            }
        }
    }
}
