using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Workers;

/// <summary>Where an employer-managed worker lands after activating (R-W2): get the check-in app.</summary>
public sealed class ReadyModel(WorkerPortal portal) : PageModel
{
    public string? EmployerName { get; private set; }
    public string Email { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var worker = await portal.GetAsync(User.UserId()!.Value, ct);
        EmployerName = worker?.EmployerName;
        Email = worker?.Email ?? User.Identity?.Name ?? "";
    }
}
