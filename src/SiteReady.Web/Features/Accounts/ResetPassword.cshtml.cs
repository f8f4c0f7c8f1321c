using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SiteReady.Domain;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Accounts;

/// <summary>The emailed link lands here with the email and the one-time code in the query string.</summary>
[AllowAnonymous, EnableRateLimiting(AccountEndpoints.AuthRateLimit)]
public sealed class ResetPasswordModel(PasswordReset reset) : PageModel
{
    public sealed class ResetForm
    {
        public string? NewPassword { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public ResetForm Input { get; set; } = new();
    public bool LinkIsBroken { get; private set; }

    public void OnGet() => LinkIsBroken = string.IsNullOrWhiteSpace(Email) || string.IsNullOrWhiteSpace(Code);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await reset.ResetAsync(new ResetPasswordRequest(Email, Code, Input.NewPassword), ct);
            TempData["Flash"] = "Your password has been changed. Sign in with the new one.";
            return Redirect("/login?email=" + Uri.EscapeDataString(Email?.Trim() ?? ""));
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(ResetForm));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
            LinkIsBroken = true;
        }
        Input.NewPassword = null;
        return Page();
    }
}
