using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Accounts;

[AllowAnonymous, EnableRateLimiting(AccountEndpoints.AuthRateLimit)]
public sealed class ForgotPasswordModel(PasswordReset reset) : PageModel
{
    public sealed class ForgotForm
    {
        public string? Email { get; set; }
    }

    [BindProperty] public ForgotForm Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet(string? email) => Input.Email = email;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await reset.RequestAsync(new ForgotPasswordRequest(Input.Email), ct);
            Sent = true;
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(ForgotForm));
        }
        return Page();
    }
}
