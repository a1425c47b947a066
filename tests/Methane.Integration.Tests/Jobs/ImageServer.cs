using System.Net;
using System.Security.Cryptography.X509Certificates;
using Methane.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Methane.Integration.Tests.Jobs;

/// <summary>
/// An HTTPS file server on 127.0.0.1 (Kestrel, certificate issued by the test PKI's CA) that serves firmware images with
/// HTTP Range support (206 + Content-Range) and injects the faults a download meets in the field: the connection cut at
/// a byte offset, 500 answers, a stall in the middle of the body, a server that ignores Range. Every request is logged.
/// </summary>
public sealed class ImageServer : IDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<long> _cutAt = new();
    private readonly List<Request> _log = new();
    private int _fail500;
    private long _stallAt = -1;
    private TimeSpan _stallFor;

    public sealed record Request(string Path, long RangeStart, int Status);

    private ImageServer(WebApplication app) => _app = app;

    public static ImageServer Start(DevCertificateAuthority ca)
    {
        using IssuedCredential credential = ca.IssueLocalhostServer();
        X509Certificate2 certificate = TlsCredentials.ForTls(credential.Certificate);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        WebApplication app = builder.Build();
        var server = new ImageServer(app);
        app.Run(server.Handle);
        app.StartAsync().GetAwaiter().GetResult();
        string address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public int Port { get; private set; }

    /// <summary>Bytes per body write (each followed by <see cref="DelayPerChunk"/>).</summary>
    public int ChunkBytes { get; set; } = 8192;
    public TimeSpan DelayPerChunk { get; set; } = TimeSpan.Zero;
    /// <summary>Answer 200 with the whole file to Range requests (servers that do not support ranges).</summary>
    public bool IgnoreRange { get; set; }

    public string Url(string path) => "https://127.0.0.1:" + Port + "/" + path.TrimStart('/');

    public void Serve(string path, byte[] content)
    {
        lock (_gate) _files["/" + path.TrimStart('/')] = content;
    }

    /// <summary>Cuts the connection once when the body reaches this absolute file offset.</summary>
    public void CutAt(long offset)
    {
        lock (_gate) _cutAt.Add(offset);
    }

    /// <summary>Answers the next <paramref name="count"/> requests with 500.</summary>
    public void Fail500(int count)
    {
        lock (_gate) _fail500 = count;
    }

    /// <summary>Once, when the body reaches <paramref name="offset"/>, sends nothing for <paramref name="duration"/>.</summary>
    public void StallAt(long offset, TimeSpan duration)
    {
        lock (_gate)
        {
            _stallAt = offset;
            _stallFor = duration;
        }
    }

    public IReadOnlyList<Request> Log
    {
        get { lock (_gate) return _log.ToArray(); }
    }

    private async Task Handle(HttpContext ctx)
    {
        string path = ctx.Request.Path.Value ?? "";
        long rangeStart = ParseRange(ctx.Request.Headers.Range.ToString());
        byte[]? file;
        bool fail;
        lock (_gate)
        {
            _files.TryGetValue(path, out file);
            fail = _fail500 > 0;
            if (fail) _fail500--;
        }
        int status = file == null ? 404 : fail ? 500 : rangeStart > 0 && !IgnoreRange ? (rangeStart >= file.Length ? 416 : 206) : 200;
        lock (_gate) _log.Add(new Request(path, rangeStart, status));
        ctx.Response.StatusCode = status;
        if (status is 404 or 500 or 416)
        {
            if (status == 416) ctx.Response.Headers.ContentRange = "bytes */" + file!.Length;
            return;
        }
        long start = status == 206 ? rangeStart : 0;
        ctx.Response.ContentLength = file!.Length - start;
        if (status == 206) ctx.Response.Headers.ContentRange = $"bytes {start}-{file.Length - 1}/{file.Length}";
        long position = start;
        while (position < file.Length)
        {
            long end = Math.Min(file.Length, position + ChunkBytes);
            long cut = -1;
            TimeSpan stall = TimeSpan.Zero;
            lock (_gate)
            {
                foreach (long c in _cutAt)
                {
                    if (c >= position && c < end) cut = c;
                }
                if (_stallAt >= position && _stallAt < end)
                {
                    end = _stallAt;
                    stall = _stallFor;
                    _stallAt = -1;
                }
            }
            if (cut >= 0)
            {
                await ctx.Response.Body.WriteAsync(file.AsMemory((int)position, (int)(cut - position)));
                await ctx.Response.Body.FlushAsync();
                lock (_gate) _cutAt.Remove(cut);
                // Let the client read what was sent: a reset discards the peer's unread receive buffer, which would make the
                // resume offset depend on scheduling.
                await Task.Delay(300);
                ctx.Abort();
                return;
            }
            if (end > position) await ctx.Response.Body.WriteAsync(file.AsMemory((int)position, (int)(end - position)));
            await ctx.Response.Body.FlushAsync();
            position = end;
            if (stall > TimeSpan.Zero) await Task.Delay(stall);
            else if (DelayPerChunk > TimeSpan.Zero) await Task.Delay(DelayPerChunk);
        }
    }

    private static long ParseRange(string header)
    {
        // Only the form the device sends: "bytes=N-".
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || !header.EndsWith('-')) return 0;
        return long.TryParse(header.AsSpan(6, header.Length - 7), out long n) ? n : 0;
    }

    public void Dispose()
    {
        _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token).GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
