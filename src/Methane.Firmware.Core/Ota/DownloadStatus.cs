namespace Methane.Firmware.Core.Ota
{
    /// <summary>Result of an <see cref="IImageDownloader"/> call. Adapters translate HTTP and socket outcomes into these.</summary>
    public enum DownloadStatus
    {
        Ok = 0,
        /// <summary>The body ended normally (all bytes of the requested range delivered).</summary>
        EndOfStream = 1,
        /// <summary>TCP/TLS failed or the connection was cut before the body ended. Transient: retried from the staged length.</summary>
        ConnectionDropped = 2,
        /// <summary>No data within the adapter's timeout. Transient.</summary>
        Timeout = 3,
        /// <summary>HTTP 5xx. Transient.</summary>
        ServerError = 4,
        /// <summary>HTTP 404, or 403 (an expired presigned URL). Permanent for this URL.</summary>
        NotFound = 5,
        /// <summary>The server ignored the Range header (200 instead of 206) or answered 416: the download restarts from byte 0.</summary>
        RangeNotSupported = 6,
        /// <summary>Any other failure the adapter cannot classify (bad URL, TLS certificate rejected). Permanent.</summary>
        Failed = 7,
    }
}
