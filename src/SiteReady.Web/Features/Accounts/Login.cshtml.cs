using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SiteReady.Domain;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

[AllowAnonymous, EnableRateLimiting(AccountEndpoints.AuthRateLimit)]
public sealed class LoginModel(SignIn signIn, SignInManager<AppUser> manager) : PageModel
{
    public sealed class LoginForm
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public bool RememberMe { get; set; }
    }

    [BindProperty] public LoginForm Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet(string? email)
    {
        if (User.Identity?.IsAuthenticated == true && ReturnUrl is null) return Redirect("/");
        Input.Email = email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var user = await signIn.CheckAsync(new LoginRequest(Input.Email, Input.Password));
            await manager.SignInAsync(user, Input.RememberMe);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(LoginForm));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        Input.Password = null;
        return Page();
    }
}
