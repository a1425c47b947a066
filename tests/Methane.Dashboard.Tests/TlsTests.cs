using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Methane.Dashboard.Web;

namespace Methane.Dashboard.Tests;

/// <summary>Under TLS the session and anti-forgery cookies are marked Secure (over plain http they cannot be).</summary>
public sealed class TlsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("methane-dashboard-tls-");

    [Fact]
    public async Task Cookies_are_secure_httponly_and_samesite_strict_over_https()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        var users = new UserStore(Path.Combine(_dir.FullName, "users.db"));
        users.Add("admin", Roles.Admin, DashboardFixture.Password, "test");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions
        {
            Url = "https://127.0.0.1:0", Certificate = certificate, Store = new StoreSource(), Users = users,
        });
        Assert.StartsWith("https://127.0.0.1:", server.Url);

        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler
        {
            CookieContainer = cookies, AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        }) { BaseAddress = new Uri(server.Url) };
        var loginPage = await client.GetAsync("/login");
        string antiforgeryCookie = string.Join("\n", loginPage.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("methane.af=", antiforgeryCookie);
        Assert.Contains("secure", antiforgeryCookie);
        string html = await loginPage.Content.ReadAsStringAsync();
        string token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = "admin", ["Password"] = DashboardFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        string session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("methane.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; secure", session);
        Assert.Contains("; httponly", session);
        Assert.Contains("; samesite=strict", session);
    }

    public void Dispose()
    {
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
