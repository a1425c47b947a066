using Methane.Dashboard.Auth;
using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>Admins manage local accounts: add (generated password shown once), grant, revoke, reset password, remove; the audit log.</summary>
public sealed class UsersModel(UserStore users) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Site { get; set; }
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    public IReadOnlyList<DashboardUser> All { get; private set; } = [];
    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public void OnGet() => Load();

    public IActionResult OnPostAdd() => Do(() =>
    {
        string password = UserStore.GeneratePassword();
        users.Add(Name ?? "", Role ?? "", password, User.Name());
        if (!string.IsNullOrWhiteSpace(Site)) users.Grant(Name!, Site.Trim(), User.Name());
        return $"Added {Name} ({Role}). Password, shown once: {password}";
    });

    public IActionResult OnPostGrant() => Do(() => { users.Grant(Name ?? "", Site ?? "", User.Name()); return $"Granted {Site} to {Name}."; });

    public IActionResult OnPostRevoke() => Do(() => { users.Revoke(Name ?? "", Site ?? "", User.Name()); return $"Revoked {Site} from {Name}."; });

    public IActionResult OnPostReset() => Do(() =>
    {
        string password = UserStore.GeneratePassword();
        users.ResetPassword(Name ?? "", password, User.Name());
        return $"New password for {Name}, shown once: {password}";
    });

    public IActionResult OnPostRemove() => Do(() =>
    {
        if (Name == User.Name()) throw new UserStoreException($"user '{Name}': you cannot remove yourself");
        users.Remove(Name ?? "", User.Name());
        return $"Removed {Name}.";
    });

    private IActionResult Do(Func<string> action)
    {
        try
        {
            Message = action();
        }
        catch (UserStoreException e)
        {
            Message = e.Message;
            Failed = true;
            Response.StatusCode = 400;
        }
        Load();
        return Page();
    }

    private void Load()
    {
        All = users.List();
        Audit = users.AuditLog();
    }
}
