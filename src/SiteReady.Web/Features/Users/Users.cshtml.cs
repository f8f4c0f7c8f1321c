using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Users;

/// <summary>The organisation's users: everyone who can view sees the list; inviting needs users.manage (checked here and in the use case's policy twin, ManageUser).</summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class UsersModel(OrganizationUsers users, Actor actor) : PageModel
{
    public const int PageSize = 25;

    public sealed class InviteForm
    {
        public string? Email { get; set; }
        public string? Role { get; set; } = "manager";
    }

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "role")] public string? RoleFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty] public InviteForm Invite { get; set; } = new();

    public PageOf<UserResponse> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool CanManage => actor.Role?.Grants(Permissions.UsersManage) == true;
    public bool CanReviewAccessRequests => actor.Role?.Grants(Permissions.AccessRequestsReview) == true;
    public Guid CurrentUserId => actor.UserId;
    public IReadOnlyList<Role> Roles => Enum.GetValues<Role>().Where(r => r.IsAllowedIn(actor.OrganizationKind ?? OrganizationKind.Contractor)).ToList();
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(RoleFilter) || !string.IsNullOrWhiteSpace(StatusFilter);
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, UrlFor);
    /// <summary>This list as it is now, for the actions to come back to.</summary>
    public string ReturnUrl => UrlFor(Result.Page);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!CanManage) return Forbid();
        try
        {
            var invited = await users.InviteAsync(new InviteUserRequest(Invite.Email, Invite.Role), ct);
            TempData["Flash"] = $"Invitation sent to {invited.Email} as {RoleNames.Display(invited.Role)}.";
            return Redirect($"/orgs/{OrgId}/users");
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Invite), typeof(InviteForm));
        }
        catch (DomainException ex) when (ex.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddRefusal(ex);
        }
        await LoadAsync(ct);
        return Page();
    }

    public string UrlFor(int page)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Q)) query["q"] = Q.Trim();
        if (!string.IsNullOrWhiteSpace(RoleFilter)) query["role"] = RoleFilter;
        if (!string.IsNullOrWhiteSpace(StatusFilter)) query["status"] = StatusFilter;
        if (page > 1) query["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString($"/orgs/{OrgId}/users", query);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Result = await users.ListAsync(new ListUsersQuery(Q, RoleFilter, StatusFilter, Math.Max(1, PageNumber ?? 1), PageSize), ct);
        }
        catch (RequestValidationException ex)
        {
            // A hand-edited filter: say which one, and show the unfiltered list.
            ModelState.AddModelError("", "The list filter was not understood. " + FormErrors.Describe(ex));
            RoleFilter = StatusFilter = null;
            Result = await users.ListAsync(new ListUsersQuery(Q, null, null, 1, PageSize), ct);
        }
    }
}
