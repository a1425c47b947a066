using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Methane.Dashboard.Web;

/// <summary>The dashboard's web server (Kestrel): Razor pages, the JSON/CSV API and the embedded browser assets.</summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<DashboardServer> StartAsync(DashboardOptions options, CancellationToken cancel = default)
    {
        var server = new DashboardServer(Build(options));
        await server._app.StartAsync(cancel).ConfigureAwait(false);
        var addresses = server._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Url = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    public static WebApplication Build(DashboardOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        IConfiguration configuration = options.Configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build();
        AuthMode mode = AuthModes.From(configuration);

        builder.Logging.ClearProviders();
        if (options.Log != null)
        {
            // Warnings and errors to stderr; stdout carries the command's own lines (URL, generated password).
            builder.Logging.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
            // Keys are stored unencrypted beside the account database (file permissions protect both); said once here.
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        }
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (options.Certificate != null) k.ConfigureHttpsDefaults(h => h.ServerCertificate = options.Certificate);
        });

        // Cookie and anti-forgery keys beside the account database, so sessions survive a restart.
        builder.Services.AddDataProtection().SetApplicationName("methane-dashboard")
            .PersistKeysToFileSystem(OwnerOnly.CreateDirectory(Path.Combine(Path.GetDirectoryName(options.Users.Path)!, "keys")));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Store);
        builder.Services.AddSingleton(options.Users);
        builder.Services.AddSingleton(options.Sites);
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton(new SiteAccess(options.Users, mode));
        builder.Services.AddSingleton<DashboardQueries>();
        builder.Services.AddSingleton<EmissionEstimates>();
        builder.Services.AddSingleton<DeviceStatus>();
        builder.Services.AddSingleton<SiteWind>();
        builder.Services.AddSingleton(options.Geometry);
        builder.Services.AddSingleton<SiteMaps>();
        builder.Services.AddDashboardAuthentication(mode, configuration, options.Users);
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "methane.af";
            a.Cookie.HttpOnly = true;
            a.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            a.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            a.HeaderName = "X-CSRF-TOKEN";
        });
        builder.Services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/Login");
                o.Conventions.AllowAnonymousToPage("/SignedIn");
                o.Conventions.AuthorizePage("/Users", DashboardAuthentication.AdminPolicy);
            })
            .ConfigureApplicationPartManager(m =>
            {
                var assembly = typeof(DashboardServer).Assembly;
                if (!m.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly)) m.ApplicationParts.Add(new AssemblyPart(assembly));
            });

        WebApplication app = builder.Build();
        app.UseExceptionHandler(ErrorReplies.Handle);
        app.UseStatusCodePages(ErrorReplies.StatusPage);
        app.Use(SecurityHeaders.Add);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapEmbeddedAssets();
        app.MapDashboardApi();
        app.MapAuthEndpoints(mode, configuration);
        app.MapRazorPages();
        return app;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
