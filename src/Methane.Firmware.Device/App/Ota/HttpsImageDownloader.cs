using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Device.App.Ota
{
    /// <summary>
    /// The core's <see cref="IImageDownloader"/> over nanoFramework's HttpWebRequest (package nanoFramework.System.Net.Http.Client).
    /// A resumed download sends "Range: bytes=N-" through HttpWebRequest.AddRange(int) (the Range header is restricted:
    /// Headers.Add refuses it). Only moves bytes and translates HTTP/socket outcomes: offsets, retries, size and SHA-256
    /// are the core's (<see cref="OtaDownload"/>).
    /// </summary>
    public sealed class HttpsImageDownloader : IImageDownloader
    {
        private readonly X509Certificate _caCertificate;
        private readonly int _timeoutMs;
        private HttpWebRequest _request;
        private HttpWebResponse _response;
        private Stream _body;

        /// <param name="caCertificate">Root CA of the download host (S3 presigned URLs: Amazon Root CA 1).</param>
        public HttpsImageDownloader(X509Certificate caCertificate, int timeoutMs)
        {
            _caCertificate = caCertificate;
            _timeoutMs = timeoutMs;
        }

        public DownloadStatus Open(string url, long startOffset, out long totalLength)
        {
            totalLength = -1;
            Close();
            if (url == null || !url.StartsWith("https://") || startOffset < 0 || startOffset > int.MaxValue)
            {
                return DownloadStatus.Failed;
            }

            try
            {
                _request = (HttpWebRequest)WebRequest.Create(url);
                _request.Method = "GET";
                _request.SslProtocols = SslProtocols.Tls12;
                _request.HttpsAuthentCert = _caCertificate;
                _request.KeepAlive = false;
                _request.Timeout = _timeoutMs;
                _request.ReadWriteTimeout = _timeoutMs;
                if (startOffset > 0)
                {
                    _request.AddRange((int)startOffset);
                }

                _response = (HttpWebResponse)_request.GetResponse();
            }
            catch (ArgumentException)
            {
                Close();
                return DownloadStatus.Failed;
            }
            catch (Exception)
            {
                // WebException wraps socket and TLS failures alike; the core retries with backoff and gives up after its limit.
                Close();
                return DownloadStatus.ConnectionDropped;
            }

            if (_response == null)
            {
                Close();
                return DownloadStatus.ConnectionDropped;
            }

            int status = (int)_response.StatusCode;
            DownloadStatus result = HttpDownloadStatus.Classify(status, startOffset);
            if (result != DownloadStatus.Ok)
            {
                Close();
                return result;
            }

            totalLength = status == 206
                ? HttpDownloadStatus.ContentRangeTotal(_response.GetResponseHeader("Content-Range"))
                : _response.ContentLength;
            try
            {
                _body = _response.GetResponseStream();
            }
            catch (Exception)
            {
                Close();
                return DownloadStatus.ConnectionDropped;
            }

            return DownloadStatus.Ok;
        }

        public DownloadStatus Read(byte[] buffer, int offset, int count, out int read)
        {
            read = 0;
            if (_body == null)
            {
                return DownloadStatus.ConnectionDropped;
            }

            try
            {
                read = _body.Read(buffer, offset, count);
            }
            catch (Exception)
            {
                return DownloadStatus.ConnectionDropped;
            }

            return read > 0 ? DownloadStatus.Ok : DownloadStatus.EndOfStream;
        }

        public void Close()
        {
            Stream body = _body;
            HttpWebResponse response = _response;
            HttpWebRequest request = _request;
            _body = null;
            _response = null;
            _request = null;
            try
            {
                if (body != null)
                {
                    body.Dispose();
                }

                if (response != null)
                {
                    response.Close();
                }

                if (request != null)
                {
                    request.Dispose();
                }
            }
            catch (Exception)
            {
                // the socket may already be gone
            }
        }
    }
}
