using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Features.Users;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Home;

/// <summary>An organisation's landing page: the contractor's Dashboard, the client's Home.</summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class OrganizationModel(OrganizationUsers users, AppShell shell, Actor actor) : PageModel
{
    public Guid OrgId { get; private set; }
    public string OrganizationName { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public string FirstName { get; private set; } = "";
    public int ActiveUsers { get; private set; }
    public int InvitedUsers { get; private set; }
    public bool CanManageUsers => actor.Role?.Grants(Permissions.UsersManage) == true;
    public string Heading => Kind == OrganizationKind.Client ? "Home" : "Dashboard";

    public async Task<IActionResult> OnGetAsync(Guid orgId, CancellationToken ct)
    {
        if (actor.OrganizationKind == OrganizationKind.Operator) return Redirect("/operator/organizations");
        var view = await shell.LoadAsync();
        OrgId = orgId;
        OrganizationName = view?.Current?.OrganizationName ?? "";
        Kind = actor.OrganizationKind ?? OrganizationKind.Contractor;
        FirstName = view?.PersonName.Split(' ')[0] ?? "";
        // Totals from the same list the Users page shows, one row each.
        ActiveUsers = (await users.ListAsync(new ListUsersQuery(null, null, nameof(MembershipStatus.Active), 1, 1), ct)).Total;
        InvitedUsers = (await users.ListAsync(new ListUsersQuery(null, null, nameof(MembershipStatus.Invited), 1, 1), ct)).Total;
        return Page();
    }
}
