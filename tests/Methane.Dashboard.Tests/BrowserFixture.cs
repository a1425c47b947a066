using Microsoft.Playwright;

namespace Methane.Dashboard.Tests;

/// <summary>
/// One Chromium for a test class: Debian's /usr/bin/chromium (METHANE_CHROMIUM overrides) driven by Playwright; Playwright's
/// own browser builds are never downloaded. Each test opens its own context (own cookies) on the class's dashboard.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("METHANE_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public DashboardFixture Dashboard { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"browser tests: {ChromiumPath} not found; install Debian's chromium (tests/run-all.sh does) or set METHANE_CHROMIUM");
        await Dashboard.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true,
            // As root (CI) Chromium refuses its sandbox; /dev/shm may be small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A fresh browser context signed in as <paramref name="user"/> through the login form, on the overview.</summary>
    public async Task<IPage> SignedInPageAsync(string user, string password = DashboardFixture.Password)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Dashboard.Url, ViewportSize = new ViewportSize { Width = 1280, Height = 1000 }, TimezoneId = "UTC", AcceptDownloads = true,
        });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=UserName]", user);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser != null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await Dashboard.DisposeAsync();
    }
}
