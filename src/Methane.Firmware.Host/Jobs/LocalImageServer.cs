using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Methane.Firmware.Host.Jobs;

/// <summary>
/// The local stand-in for the S3 bucket behind an OTA job's presigned URL: an HTTPS server on 127.0.0.1 (Kestrel, with a
/// certificate from the development CA) serving firmware images from memory, with HTTP Range (206 + Content-Range) so a
/// device resumes a cut download.
/// </summary>
public sealed class LocalImageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private LocalImageServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public static async Task<LocalImageServer> StartAsync(X509Certificate2 serverCertificateWithKey)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serverCertificateWithKey)));
        WebApplication app = builder.Build();
        var server = new LocalImageServer(app);
        app.Run(server.Handle);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/>; returns its https URL.</summary>
    public string Serve(string path, byte[] content)
    {
        path = "/" + path.TrimStart('/');
        lock (_gate) _files[path] = content;
        return "https://127.0.0.1:" + Port + path;
    }

    private async Task Handle(HttpContext ctx)
    {
        byte[]? file;
        lock (_gate) _files.TryGetValue(ctx.Request.Path.Value ?? "", out file);
        if (file == null)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        long start = ParseRangeStart(ctx.Request.Headers.Range.ToString());
        if (start >= file.Length)
        {
            ctx.Response.StatusCode = 416;
            ctx.Response.Headers.ContentRange = "bytes */" + file.Length;
            return;
        }
        if (start > 0)
        {
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers.ContentRange = $"bytes {start}-{file.Length - 1}/{file.Length}";
        }
        ctx.Response.ContentLength = file.Length - start;
        await ctx.Response.Body.WriteAsync(file.AsMemory((int)start)).ConfigureAwait(false);
    }

    /// <summary>The start of "bytes=N-" (the form the device sends); 0 otherwise.</summary>
    private static long ParseRangeStart(string header)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || !header.EndsWith('-')) return 0;
        return long.TryParse(header.AsSpan(6, header.Length - 7), out long n) && n > 0 ? n : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
