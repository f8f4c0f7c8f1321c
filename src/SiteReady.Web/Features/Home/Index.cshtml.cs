using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Home;

/// <summary>The front door: a signed-in person lands in their first organisation, or a worker in their portal; anyone else signs in.</summary>
[AllowAnonymous]
public sealed class IndexModel(AppDb db) : PageModel
{
    public IReadOnlyList<CrossTenant.MembershipView> Waiting { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.UserId() is not { } userId) return Redirect("/login");
        var memberships = await db.MembershipsOfAsync(userId, ct);
        var home = memberships.FirstOrDefault(m => m.Status == MembershipStatus.Active && m.Kind != OrganizationKind.Operator)
            ?? memberships.FirstOrDefault(m => m.Status == MembershipStatus.Active);
        if (home is not null) return Redirect(AppShell.HomeOf(home));
        // Workers (and people a contractor asked to employ) have their own portal.
        if (await db.WorkerOfPersonAsync(userId, ct) is { InviteStatus: not InviteStatus.Disabled }
            || await db.EmployerRequestsOf(userId).AnyAsync(r => r.Status == EmployerRequestStatus.Open, ct))
            return Redirect("/me");
        Waiting = memberships.Where(m => m.Status == MembershipStatus.Invited).ToList();
        return Page();
    }
}
