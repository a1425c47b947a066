using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Device.App.Ota
{
    /// <summary>Pure HTTP-to-core translation for <see cref="HttpsImageDownloader"/> (no device API: compiled by PureCheck, run by the device tests).</summary>
    public static class HttpDownloadStatus
    {
        /// <summary>HTTP status → the core's outcome, per the <see cref="DownloadStatus"/> contract.</summary>
        public static DownloadStatus Classify(int status, long startOffset)
        {
            if (status == 206)
            {
                return DownloadStatus.Ok;
            }

            if (status == 200)
            {
                // A server that ignores Range answers the whole file: the core restarts from byte 0.
                return startOffset > 0 ? DownloadStatus.RangeNotSupported : DownloadStatus.Ok;
            }

            if (status == 416)
            {
                return DownloadStatus.RangeNotSupported;
            }

            if (status == 403 || status == 404 || status == 410)
            {
                return DownloadStatus.NotFound;
            }

            if (status >= 500 && status <= 599)
            {
                return DownloadStatus.ServerError;
            }

            return DownloadStatus.Failed;
        }

        /// <summary>Total length from "bytes 100-999/1000" (RFC 9110 Content-Range); -1 when absent or "*".</summary>
        public static long ContentRangeTotal(string contentRange)
        {
            if (contentRange == null)
            {
                return -1;
            }

            int slash = contentRange.LastIndexOf('/');
            if (slash < 0 || slash == contentRange.Length - 1)
            {
                return -1;
            }

            long total = 0;
            for (int i = slash + 1; i < contentRange.Length; i++)
            {
                char c = contentRange[i];
                if (c == ' ')
                {
                    continue;
                }

                if (c < '0' || c > '9' || total > 100000000000L)
                {
                    return -1;
                }

                total = (total * 10) + (c - '0');
            }

            return total;
        }
    }
}
