using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Workers;

/// <summary>Completing one's own profile (R-W3): a self-managed worker lands here after activating, then goes to the portal.</summary>
public sealed class ProfileModel(WorkerPortal portal, AppDb db) : PageModel
{
    public sealed class ProfileForm
    {
        public string? Mobile { get; set; }
    }

    [BindProperty] public ProfileForm Input { get; set; } = new();
    /// <summary>Set right after activation: the page then reads as the last step of joining.</summary>
    [BindProperty(SupportsGet = true)] public bool Welcome { get; set; }
    public string FullName { get; private set; } = "";
    public string Email { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await portal.CompleteProfileAsync(User.UserId()!.Value, new CompleteProfileRequest(Input.Mobile), ct);
            TempData["Flash"] = Welcome ? "Your profile is complete. Welcome to SiteReady." : "Your profile was saved.";
            return Redirect("/me");
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(ProfileForm));
        }
        var mobile = Input.Mobile;
        await LoadAsync(ct);
        Input.Mobile = mobile;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.FirstName, u.LastName, u.Email, u.PhoneNumber }).SingleAsync(ct);
        FullName = StatusNames.PersonName(person.FirstName, person.LastName, person.Email!);
        Email = person.Email!;
        Input.Mobile = person.PhoneNumber;
    }
}
