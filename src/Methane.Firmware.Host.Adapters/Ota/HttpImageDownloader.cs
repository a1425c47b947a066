using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Host.Adapters.Mqtt;

namespace Methane.Firmware.Host.Adapters.Ota;

/// <summary>
/// The core's <see cref="IImageDownloader"/> over HttpClient: HTTPS only, the server checked against the given trust anchors
/// only (the development CA, or Amazon's roots for S3), a Range request when resuming, and HTTP/socket outcomes mapped to
/// <see cref="DownloadStatus"/>. Blocking calls, as the interface asks; one download at a time.
/// </summary>
public sealed class HttpImageDownloader : IImageDownloader, IDisposable
{
    private readonly HttpClient _http;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _expectedBody;
    private long _bodyRead;
    private volatile string _lastError = "";
    private volatile string _tlsRejection = "";

    /// <param name="trustAnchors">The only CAs the image server may chain to.</param>
    public HttpImageDownloader(X509Certificate2Collection trustAnchors, TimeSpan? connectTimeout = null, TimeSpan? readTimeout = null)
    {
        var validator = new ServerCertificateValidator(trustAnchors);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            // A presigned URL is final: a redirect elsewhere is not followed.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    bool ok = validator.Validate(certificate, chain, errors, out string reason);
                    if (!ok) _tlsRejection = reason;
                    return ok;
                },
            },
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        ReadTimeout = readTimeout ?? TimeSpan.FromSeconds(30);
        HeaderTimeout = connectTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>No byte within this time while reading the body: <see cref="DownloadStatus.Timeout"/>.</summary>
    public TimeSpan ReadTimeout { get; set; }

    /// <summary>No response headers within this time after the request: <see cref="DownloadStatus.Timeout"/>.</summary>
    public TimeSpan HeaderTimeout { get; set; }

    /// <summary>Why the last call failed, in words (for logs).</summary>
    public string LastError => _lastError;

    /// <summary>Requests sent (each Open), and those that asked for a Range (resumes).</summary>
    public int Requests { get; private set; }
    public int RangeRequests { get; private set; }

    public DownloadStatus Open(string url, long startOffset, out long totalLength)
    {
        totalLength = -1;
        Close();
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps || startOffset < 0)
        {
            _lastError = "not an https URL: " + url;
            return DownloadStatus.Failed;
        }
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (startOffset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(startOffset, null);
            RangeRequests++;
        }
        Requests++;
        _tlsRejection = "";
        HttpResponseMessage response;
        using (var cts = new CancellationTokenSource(HeaderTimeout))
        {
            try
            {
                response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            }
            catch (OperationCanceledException)
            {
                _lastError = "no response within " + HeaderTimeout.TotalSeconds + " s";
                return DownloadStatus.Timeout;
            }
            catch (HttpRequestException e)
            {
                _lastError = _tlsRejection.Length > 0 ? _tlsRejection : e.Message;
                // A rejected certificate is not going to get better by retrying.
                return e.HttpRequestError == HttpRequestError.SecureConnectionError ? DownloadStatus.Failed : DownloadStatus.ConnectionDropped;
            }
        }

        int code = (int)response.StatusCode;
        DownloadStatus status = Classify(response, startOffset, out totalLength, out _expectedBody);
        if (status != DownloadStatus.Ok)
        {
            _lastError = "HTTP " + code + " " + response.ReasonPhrase;
            response.Dispose();
            return status;
        }
        try
        {
            _body = response.Content.ReadAsStream();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            _lastError = e.Message;
            response.Dispose();
            return DownloadStatus.ConnectionDropped;
        }
        _response = response;
        _bodyRead = 0;
        return DownloadStatus.Ok;
    }

    private static DownloadStatus Classify(HttpResponseMessage response, long startOffset, out long total, out long body)
    {
        total = -1;
        body = response.Content.Headers.ContentLength ?? -1;
        int code = (int)response.StatusCode;
        if (code == 206)
        {
            ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
            if (range == null || range.From != startOffset)
            {
                return DownloadStatus.RangeNotSupported;
            }
            total = range.Length ?? -1;
            return DownloadStatus.Ok;
        }
        if (code == 200)
        {
            if (startOffset > 0)
            {
                return DownloadStatus.RangeNotSupported;
            }
            total = body;
            return DownloadStatus.Ok;
        }
        if (code == 416)
        {
            return DownloadStatus.RangeNotSupported;
        }
        if (code == 404 || code == 403 || code == 410)
        {
            return DownloadStatus.NotFound;
        }
        if (code == 408 || code == 429 || code >= 500)
        {
            return DownloadStatus.ServerError;
        }
        return DownloadStatus.Failed;
    }

    public DownloadStatus Read(byte[] buffer, int offset, int count, out int read)
    {
        read = 0;
        if (_body == null)
        {
            return DownloadStatus.Failed;
        }
        using var cts = new CancellationTokenSource(ReadTimeout);
        try
        {
            read = _body.ReadAsync(buffer.AsMemory(offset, count), cts.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            _lastError = "no data within " + ReadTimeout.TotalSeconds + " s";
            return DownloadStatus.Timeout;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            _lastError = e.Message;
            return DownloadStatus.ConnectionDropped;
        }
        if (read > 0)
        {
            _bodyRead += read;
            return DownloadStatus.Ok;
        }
        // A body that ends before its Content-Length is a cut connection, not the end of the image.
        if (_expectedBody >= 0 && _bodyRead < _expectedBody)
        {
            _lastError = "body ended after " + _bodyRead + " of " + _expectedBody + " bytes";
            return DownloadStatus.ConnectionDropped;
        }
        return DownloadStatus.EndOfStream;
    }

    public void Close()
    {
        _body?.Dispose();
        _body = null;
        _response?.Dispose();
        _response = null;
    }

    public void Dispose()
    {
        Close();
        _http.Dispose();
    }
}
