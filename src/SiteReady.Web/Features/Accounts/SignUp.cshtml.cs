using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SiteReady.Domain;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

[AllowAnonymous, EnableRateLimiting(AccountEndpoints.AuthRateLimit)]
public sealed class SignUpModel(SignUpOrganization signUp, SignIn signIn, SignInManager<AppUser> manager, AppDb db) : PageModel
{
    public const string DefaultTimeZone = "UTC";

    public sealed class SignUpForm
    {
        public string? Kind { get; set; } = "contractor";
        public string? Name { get; set; }
        public string? BusinessIdentifier { get; set; }
        public string? TimeZone { get; set; } = DefaultTimeZone;
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public SignUpForm Input { get; set; } = new();

    /// <summary>Set when the email already had an account: that person was emailed an invitation instead.</summary>
    public string? EmailedTo { get; private set; }

    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append(DefaultTimeZone).Distinct().Order(StringComparer.Ordinal).ToList();

    public void OnGet(string? kind)
    {
        if (kind is "client" or "contractor") Input.Kind = kind;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var created = await signUp.HandleAsync(new SignUpRequest(Input.Kind, Input.Name,
                new SignUpAdmin(Input.Email, Input.FirstName, Input.LastName, Input.Password), Input.TimeZone, Input.BusinessIdentifier), ct);
            // A brand-new admin is Active and is signed in at once. An existing account was sent an
            // invitation instead (the same answer as the API), so the page says to check the inbox.
            if (await db.ActiveMembershipAsync(created.UserId, created.OrganizationId, ct) is not null)
            {
                var user = await signIn.CheckAsync(new LoginRequest(Input.Email, Input.Password));
                await manager.SignInAsync(user, isPersistent: false);
                TempData["Flash"] = $"Welcome to SiteReady. {Input.Name?.Trim()} is ready.";
                return Redirect($"/orgs/{created.OrganizationId}");
            }
            EmailedTo = Input.Email?.Trim();
            return Page();
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(SignUpForm));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        Input.Password = null;
        return Page();
    }
}
