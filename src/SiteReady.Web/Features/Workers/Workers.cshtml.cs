using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Workers;

/// <summary>
/// My team › Workers (R-W8): the contractor's workers with every filter of the API, sorted by name.
/// Until a client has accepted a connection there is nothing to connect workers to, so a notice
/// points to My network instead.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class WorkersModel(ListWorkers list, WorkerRecords records, Actor actor) : PageModel
{
    public const int PageSize = 25;

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "mode")] public string? ModeFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "client")] public Guid? ClientFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "location")] public Guid? LocationFilter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public bool HasConnectedClient { get; private set; }
    public IReadOnlyList<ClientChoice> Clients { get; private set; } = [];
    public PageOf<WorkerResponse> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool CanManage => actor.Role?.Grants(Permissions.WorkersManage) == true;
    public bool IsDescending => Sort == "-name";
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(StatusFilter) || !string.IsNullOrWhiteSpace(ModeFilter)
                              || ClientFilter is not null || LocationFilter is not null;
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, UrlFor);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        HasConnectedClient = await list.HasConnectedClientAsync(ct);
        if (!HasConnectedClient) return Page();
        Clients = await records.ConnectedClientsAsync(ct);
        try
        {
            Result = await list.HandleAsync(Query(Math.Max(1, PageNumber ?? 1)), ct);
        }
        catch (RequestValidationException ex)
        {
            // A hand-edited filter: say which one, and show the list without the choice filters.
            ModelState.AddModelError("", "The list filter was not understood. " + FormErrors.Describe(ex));
            StatusFilter = ModeFilter = Sort = null;
            Result = await list.HandleAsync(Query(1), ct);
        }
        return Page();
    }

    private ListWorkersQuery Query(int page) =>
        new(Q, StatusFilter, ModeFilter, ClientFilter, LocationFilter, Sort, page, PageSize);

    public string UrlFor(int page) => UrlFor(page, Sort);

    public string UrlFor(int page, string? sort)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Q)) query["q"] = Q.Trim();
        if (!string.IsNullOrWhiteSpace(StatusFilter)) query["status"] = StatusFilter;
        if (!string.IsNullOrWhiteSpace(ModeFilter)) query["mode"] = ModeFilter;
        if (ClientFilter is { } client) query["client"] = client.ToString();
        if (LocationFilter is { } location) query["location"] = location.ToString();
        if (!string.IsNullOrWhiteSpace(sort) && sort != "name") query["sort"] = sort;
        if (page > 1) query["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString($"/orgs/{OrgId}/workers", query);
    }
}
