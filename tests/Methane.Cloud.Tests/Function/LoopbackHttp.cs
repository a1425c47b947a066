using System.Net;
using System.Net.Sockets;

namespace Methane.Cloud.Tests.Function;

/// <summary>An HttpListener on 127.0.0.1 and a free port; each request handled on its own task (a handler may block).</summary>
internal sealed class LoopbackHttp : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackHttp(Func<HttpListenerContext, Task> handle)
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(async () =>
                {
                    try { await handle(context).ConfigureAwait(false); }
                    catch (Exception) { try { context.Response.Abort(); } catch (Exception) { } }
                });
            }
        });
    }

    public int Port { get; }
    public string Authority => $"127.0.0.1:{Port}";

    public static async Task Reply(HttpListenerContext context, int status, byte[] body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();
    }

    public static async Task<byte[]> Body(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        // Close alone: on Linux the managed HttpListener's Stop then Close unregisters the prefix twice, and the second
        // time re-binds the port to look it up, which fails with "Address already in use" once another test holds it.
        try { _listener.Close(); }
        catch (HttpListenerException) { }
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
