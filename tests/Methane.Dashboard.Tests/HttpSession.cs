using System.Net;
using System.Text.RegularExpressions;

namespace Methane.Dashboard.Tests;

/// <summary>An HTTP client with its own cookie jar, signing in through the login form (with its anti-forgery token).</summary>
public sealed partial class HttpSession : IDisposable
{
    public HttpSession(string baseUrl)
    {
        Cookies = new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public CookieContainer Cookies { get; }
    public HttpClient Client { get; }

    public async Task<HttpResponseMessage> LoginAsync(string user, string password)
    {
        string token = await TokenAsync("/login");
        return await Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = user, ["Password"] = password,
        }));
    }

    public static async Task<HttpSession> SignedInAsync(string baseUrl, string user)
    {
        var s = new HttpSession(baseUrl);
        var r = await s.LoginAsync(user, DashboardFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return s;
    }

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public async Task<string> TokenAsync(string page)
    {
        string html = await Client.GetStringAsync(page);
        return TokenField().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => Client.Dispose();
}
