using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Identity;
using SiteReady.Domain;
using SiteReady.Domain.Workers;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Users;

/// <summary>The emailed invitation link (R-U2): set a name and password, or say plainly why the link no longer works.</summary>
[AllowAnonymous, EnableRateLimiting(AccountEndpoints.AuthRateLimit)]
public sealed class InvitationModel(AcceptInvitation accept, SignIn signIn, SignInManager<AppUser> manager) : PageModel
{
    public sealed class AcceptForm
    {
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public AcceptForm Input { get; set; } = new();
    public InvitationResponse? Invitation { get; private set; }
    /// <summary>Why the link cannot be used (used, replaced, expired or unknown), shown instead of the form.</summary>
    public string? Unusable { get; private set; }
    public bool IsGone => Response.StatusCode == StatusCodes.Status410Gone;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (!await DescribeAsync(token, ct)) return Page();
        Input.FirstName = Invitation!.FirstName;
        Input.LastName = Invitation.LastName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        // Described first: a failed accept leaves the tracked invitation marked used in this request.
        if (!await DescribeAsync(token, ct)) return Page();
        try
        {
            var accepted = await accept.HandleAsync(token, new AcceptInvitationRequest(Input.FirstName, Input.LastName, Input.Password), ct);
            if (accepted.WorkerId is not null)
            {
                // R-W3: an activated worker is signed in at once; self-managed workers complete their
                // profile before the portal, employer-managed ones are told to get the check-in app.
                var next = accepted.ManagementMode == ManagementMode.SelfManaged ? "/me/profile?welcome=true" : "/me/ready";
                try
                {
                    var user = await signIn.CheckAsync(new LoginRequest(Invitation!.Email, Input.Password));
                    await manager.SignInAsync(user, isPersistent: false);
                }
                catch (DomainException)
                {
                    TempData["Flash"] = $"Your account is active. Sign in to continue.";
                    return Redirect($"/login?email={Uri.EscapeDataString(Invitation!.Email)}&ReturnUrl={Uri.EscapeDataString(next)}");
                }
                TempData["Flash"] = $"Your account is active. {Invitation.OrganizationName} can now see you as their worker.";
                return Redirect(next);
            }
            TempData["Flash"] = $"You have joined {Invitation!.OrganizationName}. Sign in to continue.";
            return Redirect("/login?email=" + Uri.EscapeDataString(Invitation.Email));
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(AcceptForm));
        }
        catch (DomainException ex)
        {
            Refuse(ex);
        }
        Input.Password = null;
        return Page();
    }

    private async Task<bool> DescribeAsync(string token, CancellationToken ct)
    {
        try
        {
            Invitation = await accept.DescribeAsync(token, ct);
            return true;
        }
        catch (DomainException ex)
        {
            Refuse(ex);
            return false;
        }
    }

    private void Refuse(DomainException ex)
    {
        Unusable = ex.Message;
        Response.StatusCode = ProblemExceptionHandler.StatusFor(ex.Kind);
    }
}
