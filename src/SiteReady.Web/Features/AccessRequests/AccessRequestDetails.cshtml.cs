using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.AccessRequests;

/// <summary>
/// One access request (R-A2..R-A5): the requester's profile and current roles, and the final decision.
/// Accept and Decline each confirm in a dialog; without script (or after an error) the same form is
/// shown in the page (<c>?decide=accept</c>). A request of another organisation is not found: 404.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.AccessRequestsReview)]
public sealed class AccessRequestDetailsModel(DecideAccessRequest decide, AppDb db, Actor actor) : PageModel
{
    public sealed class AcceptForm
    {
        public string? Role { get; set; }
        public string? Mobile { get; set; }
    }

    public sealed class DeclineForm
    {
        public string? Reason { get; set; }
        public string? OtherText { get; set; }
    }

    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid RequestId { get; set; }
    /// <summary>"accept" or "decline": which decision form the page shows open.</summary>
    [BindProperty(SupportsGet = true)] public string? Decide { get; set; }
    [BindProperty] public AcceptForm Accept { get; set; } = new();
    [BindProperty] public DeclineForm Decline { get; set; } = new();

    public AccessRequestResponse Item { get; private set; } = null!;
    public string Name => StatusNames.PersonName(Item.Requester.FirstName, Item.Requester.LastName, Item.Requester.Email);
    public bool IsOpen => Item.Status == AccessRequestStatus.AccessRequested;
    public string Self => $"/orgs/{OrgId}/access-requests/{RequestId}";

    /// <summary>Workers exist only at contractors (R-A3).</summary>
    public IReadOnlyList<RequestedRole> Roles => actor.OrganizationKind == OrganizationKind.Contractor
        ? Enum.GetValues<RequestedRole>()
        : Enum.GetValues<RequestedRole>().Where(r => r != RequestedRole.Worker).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var role = Roles.Contains(Item.RequestedRole) ? Item.RequestedRole : RequestedRole.Viewer;
        Accept.Role ??= JsonNames.Camel(role.ToString());
        Accept.Mobile ??= Item.Requester.Mobile;
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        try
        {
            var accepted = await decide.AcceptAsync(RequestId, new AcceptAccessRequest(Accept.Role, Accept.Mobile), ct);
            TempData["Flash"] = $"Access request accepted: {NameOf(accepted)} now has access as {accepted.RoleGranted}.";
            return LocalRedirect(Self);
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Accept), typeof(AcceptForm));
        }
        catch (DomainException ex) when (ex.Code == "mobile-required")
        {
            ModelState.AddModelError($"{nameof(Accept)}.{nameof(AcceptForm.Mobile)}", ex.Message);
        }
        catch (DomainException ex) when (ex.Kind != DomainErrorKind.NotFound)
        {
            TempData["FlashError"] = $"The request was not accepted: {ex.Message}";
            return LocalRedirect(Self);
        }
        catch (DomainException)
        {
            return NotFound();
        }
        Decide = "accept";
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken ct)
    {
        try
        {
            var declined = await decide.DeclineAsync(RequestId, new DeclineAccessRequest(Decline.Reason,
                Decline.Reason == "other" ? Decline.OtherText : null), ct);
            TempData["Flash"] = $"Access request declined: {NameOf(declined)} has been told by email.";
            return LocalRedirect(Self);
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Decline), typeof(DeclineForm));
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Invalid)
        {
            ModelState.AddModelError($"{nameof(Decline)}.{nameof(DeclineForm.OtherText)}", ex.Message);
        }
        catch (DomainException ex) when (ex.Kind != DomainErrorKind.NotFound)
        {
            TempData["FlashError"] = $"The request was not declined: {ex.Message}";
            return LocalRedirect(Self);
        }
        catch (DomainException)
        {
            return NotFound();
        }
        Decide = "decline";
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        // A refused decision may have left the tracked request changed in memory; show what is saved.
        db.ChangeTracker.Clear();
        try
        {
            Item = await decide.GetAsync(RequestId, ct);
            return true;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
    }

    private static string NameOf(AccessRequestResponse r) => StatusNames.PersonName(r.Requester.FirstName, r.Requester.LastName, r.Requester.Email);
}
