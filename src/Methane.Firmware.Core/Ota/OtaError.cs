namespace Methane.Firmware.Core.Ota
{
    /// <summary>Why an update did not succeed. <see cref="OtaErrorText.Reason"/> gives the statusDetails text. Persisted as a byte.</summary>
    public enum OtaError
    {
        None = 0,
        /// <summary>Declared size is 0, negative, or the hash is not 32 bytes.</summary>
        InvalidRequest = 1,
        /// <summary>Declared size is larger than an image slot.</summary>
        SizeExceedsSlot = 2,
        /// <summary>The server announced a length different from the declared size.</summary>
        ServerSizeMismatch = 3,
        /// <summary>The body ended before the declared size was reached.</summary>
        ImageTooShort = 5,
        HashMismatch = 6,
        /// <summary>HTTP 404/403: missing image or expired presigned URL.</summary>
        NotFound = 7,
        /// <summary>Transient failures (dropped connection, timeout, 5xx) went on for more retries than allowed.</summary>
        ConnectionLost = 8,
        /// <summary>The download adapter reported a permanent failure.</summary>
        DownloadFailed = 9,
        StorageError = 10,
        /// <summary>At reboot the staged slot carried no commit marker (never booted).</summary>
        ImageInvalid = 11,
        /// <summary>The new version did not connect and publish within the window on any of the allowed trial boots.</summary>
        NotConfirmed = 12,
        /// <summary>The job was cancelled or replaced before it was applied.</summary>
        Aborted = 13,
    }

    public static class OtaErrorText
    {
        /// <summary>Short, stable text for the job's statusDetails (string literals: no allocation).</summary>
        public static string Reason(OtaError error)
        {
            switch (error)
            {
                case OtaError.None: return "ok";
                case OtaError.InvalidRequest: return "invalid size or sha256";
                case OtaError.SizeExceedsSlot: return "size exceeds image slot";
                case OtaError.ServerSizeMismatch: return "size differs from server content length";
                case OtaError.ImageTooShort: return "image shorter than size";
                case OtaError.HashMismatch: return "sha256 mismatch";
                case OtaError.NotFound: return "url not found or expired";
                case OtaError.ConnectionLost: return "download failed after retries";
                case OtaError.DownloadFailed: return "download failed";
                case OtaError.StorageError: return "image storage write failed";
                case OtaError.ImageInvalid: return "staged image not committed";
                case OtaError.NotConfirmed: return "new version did not connect and publish within the trial window; rolled back";
                case OtaError.Aborted: return "update aborted";
                default: return "unknown error";
            }
        }
    }
}
