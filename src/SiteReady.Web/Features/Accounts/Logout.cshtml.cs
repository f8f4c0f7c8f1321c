using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

/// <summary>Signing out is a POST with the anti-forgery token, so a link on another site cannot sign anyone out.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> manager) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/login");

    public async Task<IActionResult> OnPostAsync()
    {
        await manager.SignOutAsync();
        TempData["Flash"] = "You have signed out.";
        return Redirect("/login");
    }
}
