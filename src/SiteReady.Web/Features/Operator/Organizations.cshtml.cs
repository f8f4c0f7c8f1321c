using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Operator;

/// <summary>Every organisation on the platform, for operator staff; the same query as the operator API.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class OrganizationsModel(AppDb db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PageOf<OperatorOrganization> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Kind);
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, UrlFor);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await OperatorEndpoints.ListOrganizationsAsync(db, Kind, Q, Math.Max(1, PageNumber ?? 1), PageSize, ct);
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddModelError("", "The list filter was not understood. " + FormErrors.Describe(ex));
            Kind = null;
            Result = await OperatorEndpoints.ListOrganizationsAsync(db, null, Q, 1, PageSize, ct);
        }
    }

    public string UrlFor(int page)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Q)) query["q"] = Q.Trim();
        if (!string.IsNullOrWhiteSpace(Kind)) query["kind"] = Kind;
        if (page > 1) query["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString("/operator/organizations", query);
    }
}
