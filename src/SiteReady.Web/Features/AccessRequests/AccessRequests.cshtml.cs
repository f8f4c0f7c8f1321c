using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.AccessRequests;

/// <summary>Users › Actions › View access requests (R-A2): Admins only, newest first, filtered by status.</summary>
[Authorize(Policy = Policies.Org + Permissions.AccessRequestsReview)]
public sealed class AccessRequestsModel(DecideAccessRequest decide) : PageModel
{
    public const int PageSize = 25;

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PageOf<AccessRequestResponse> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool IsFiltered => !string.IsNullOrWhiteSpace(StatusFilter);
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, UrlFor);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await decide.ListAsync(StatusFilter, Math.Max(1, PageNumber ?? 1), PageSize, ct);
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddModelError("", "The list filter was not understood. " + FormErrors.Describe(ex));
            StatusFilter = null;
            Result = await decide.ListAsync(null, 1, PageSize, ct);
        }
    }

    public string UrlFor(int page)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(StatusFilter)) query["status"] = StatusFilter;
        if (page > 1) query["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString($"/orgs/{OrgId}/access-requests", query);
    }
}
