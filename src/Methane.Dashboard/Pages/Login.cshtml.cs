using Methane.Dashboard.Auth;
using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>Local sign-in (or, in OIDC mode, the hand-over to the provider). Failures answer 401, a locked account 429.</summary>
public sealed class LoginModel(UserStore users, SiteAccess access) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Message { get; private set; }

    public IActionResult OnGet()
    {
        if (access.Mode == AuthMode.Oidc) return Challenge(new AuthenticationProperties { RedirectUri = SafeReturn() });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (access.Mode == AuthMode.Oidc) return Challenge(new AuthenticationProperties { RedirectUri = SafeReturn() });
        string name = UserName ?? "";
        string remote = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        LoginResult result = name.Length is > 0 and <= 64 && Password is { Length: > 0 and <= 256 }
            ? users.Verify(name, Password, remote)
            : LoginResult.Failed;
        if (result == LoginResult.Success)
        {
            DashboardUser user = users.Find(name)!;
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                DashboardClaims.ForLocalUser(user, CookieAuthenticationDefaults.AuthenticationScheme));
            return LocalRedirect(SafeReturn());
        }
        Message = result == LoginResult.LockedOut
            ? $"Too many failed sign-ins: this account is locked for {users.Lockout.Duration.TotalMinutes:0} minutes."
            : "Wrong user name or password.";
        Response.StatusCode = result == LoginResult.LockedOut ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
        return Page();
    }

    private string SafeReturn() => ReturnUrl is { Length: > 0 } r && Url.IsLocalUrl(r) ? r : "/";
}
