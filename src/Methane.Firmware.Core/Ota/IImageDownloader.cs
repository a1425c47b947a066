namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// Fetches a firmware image over HTTPS (HttpClient on the host, System.Net.Http on the device). The core decides offsets,
    /// retries and verification; the adapter only moves bytes. One download at a time.
    /// </summary>
    public interface IImageDownloader
    {
        /// <summary>
        /// Requests the image from <paramref name="startOffset"/> (an HTTP Range request when it is not 0).
        /// <paramref name="totalLength"/> receives the full image length the server announced (Content-Range total, or
        /// Content-Length on a 200), or -1 when unknown.
        /// </summary>
        DownloadStatus Open(string url, long startOffset, out long totalLength);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes into <paramref name="buffer"/>. Ok with <paramref name="read"/> &gt; 0 while data flows;
        /// EndOfStream with <paramref name="read"/> = 0 when the body ended normally; an error status otherwise.
        /// </summary>
        DownloadStatus Read(byte[] buffer, int offset, int count, out int read);

        /// <summary>Releases the connection. Safe to call when nothing is open.</summary>
        void Close();
    }
}
