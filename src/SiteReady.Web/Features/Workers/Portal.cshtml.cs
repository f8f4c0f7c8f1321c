using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain.Workers;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Workers;

/// <summary>The worker portal (R-W3): employer, clients and sites; a nudge to complete the profile and to answer employer requests.</summary>
public sealed class PortalModel(WorkerPortal portal, EmployerRequests requests) : PageModel
{
    public PortalResponse? Worker { get; private set; }
    public int OpenRequests { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        Worker = await portal.GetAsync(userId, ct);
        OpenRequests = (await requests.ListAsync(userId, ct)).Count(r => r.Status == EmployerRequestStatus.Open);
    }
}
