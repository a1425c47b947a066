using Methane.Cloud.Enrichment;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Microsoft.Extensions.Configuration;

namespace Methane.Dashboard.Web;

/// <summary>What a dashboard server is started with.</summary>
public sealed class DashboardOptions
{
    /// <summary>Where Kestrel listens; port 0 picks a free one (read the bound address from <see cref="DashboardServer.Url"/>).</summary>
    public string Url { get; init; } = "http://127.0.0.1:5080";
    /// <summary>Server certificate (with private key) for https URLs; the session cookie is then marked Secure.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }
    public required StoreSource Store { get; init; }
    public required UserStore Users { get; init; }
    public SiteCatalog Sites { get; init; } = SiteCatalog.Load(SiteCatalog.DefaultPath);
    /// <summary>Positions of sensors, met station and candidate sources for the site maps (the same sites file).</summary>
    public SiteGeometrySource Geometry { get; init; } = new(SiteCatalog.DefaultPath);
    /// <summary>Dashboard:Auth (local | oidc) and Dashboard:Oidc:*; defaults to environment variables (Dashboard__Auth …).</summary>
    public IConfiguration? Configuration { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Where server warnings go; null = nowhere (the demo's live view owns the terminal).</summary>
    public TextWriter? Log { get; init; }
    /// <summary>Most chart points per reply before readings are averaged into time buckets.</summary>
    public int MaxChartPoints { get; init; } = 20000;
    /// <summary>Most readings per CSV download.</summary>
    public int MaxCsvRows { get; init; } = 500000;
}
