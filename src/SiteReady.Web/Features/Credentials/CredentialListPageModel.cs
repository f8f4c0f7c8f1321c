using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Credentials;

public sealed record Choice(string Value, string Text);

/// <summary>
/// A filtered credential list page: the contractor's own (<see cref="CredentialsModel"/>) or a client's network
/// (<see cref="NetworkCredentialsModel"/>). The filters are ListCredentials' (R-K6); "Export CSV" downloads the
/// same filtered list through ExportCredentials (R-K9).
/// </summary>
public abstract class CredentialListPageModel(ListCredentials list, ExportCredentials export, CredentialTypes types, Actor actor) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<Choice> SortChoices =
    [
        new("expiryDate", "Expiry date, soonest first"), new("-expiryDate", "Expiry date, latest first"),
        new("worker", "Belongs to, A–Z"), new("-worker", "Belongs to, Z–A"),
        new("type", "Credential, A–Z"), new("-type", "Credential, Z–A"),
    ];

    public static readonly IReadOnlyList<Choice> StatusChoices =
        Enum.GetValues<Domain.Credentials.CredentialStatus>().Select(s => new Choice(JsonNames.Camel(s.ToString()), StatusNames.Display(s))).ToList();

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public Guid? TypeFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "expiring")] public int? ExpiringFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "worker")] public Guid? WorkerFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "company")] public Guid? CompanyFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "location")] public Guid? LocationFilter { get; set; }
    /// <summary>"Show archived": the archived credentials instead of the current ones.</summary>
    [BindProperty(SupportsGet = true, Name = "archived")] public bool Archived { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    /// <summary>The kind of organisation this page is for; the other kind gets 404.</summary>
    protected abstract OrganizationKind Side { get; }
    public abstract string PagePath { get; }
    protected virtual Task LoadChoicesAsync(CancellationToken ct) => Task.CompletedTask;

    public PageOf<CredentialRow> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<CredentialTypeResponse> Types { get; private set; } = [];
    public bool CanManage => actor.Role?.Grants(Permissions.CredentialsManage) == true;
    public bool HasFilters => TypeFilter is not null || !string.IsNullOrWhiteSpace(StatusFilter) || ExpiringFilter is not null
                              || WorkerFilter is not null || CompanyFilter is not null || LocationFilter is not null;
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, p => UrlFor(p));
    public string ExportUrl => UrlFor(1, handler: "export");

    public string Caption =>
        $"{Result.Total} {(Archived ? "archived " : "")}{(Result.Total == 1 ? "credential" : "credentials")}"
        + (HasFilters ? (Result.Total == 1 ? " matches the filter" : " match the filter") : "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != Side) return NotFound();
        Types = await types.ListAsync(ct);
        await LoadChoicesAsync(ct);
        try
        {
            Result = await list.HandleAsync(Query(Math.Max(1, PageNumber ?? 1)), ct);
        }
        catch (RequestValidationException ex)
        {
            // A hand-edited filter: say which one, and show the list without the choice filters.
            ModelState.AddModelError("", "The list filter was not understood. " + FormErrors.Describe(ex));
            StatusFilter = Sort = null;
            ExpiringFilter = null;
            Result = await list.HandleAsync(Query(1), ct);
        }
        return Page();
    }

    /// <summary>The same filtered list as CSV, every page of it.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != Side) return NotFound();
        var query = Query(null);
        try
        {
            // A hand-edited filter is said on the list, not written into a broken file.
            await list.FilteredAsync(query, ct);
        }
        catch (RequestValidationException ex)
        {
            TempData["FlashError"] = "Nothing was exported: the list filter was not understood. " + FormErrors.Describe(ex);
            return LocalRedirect(UrlFor(1));
        }
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"credentials.csv\"";
        await export.WriteAsync(query, Response.Body, ct);
        return new EmptyResult();
    }

    private ListCredentialsQuery Query(int? page) =>
        new(WorkerFilter, CompanyFilter, TypeFilter, StatusFilter, ExpiringFilter, LocationFilter, Archived ? true : null, Sort, page, PageSize);

    public string UrlFor(int page, string? sort = null, string? handler = null)
    {
        var query = new Dictionary<string, string?>();
        if (handler is not null) query["handler"] = handler;
        if (TypeFilter is { } type) query["type"] = type.ToString();
        if (!string.IsNullOrWhiteSpace(StatusFilter)) query["status"] = StatusFilter;
        if (ExpiringFilter is { } days) query["expiring"] = days.ToString(CultureInfo.InvariantCulture);
        if (CompanyFilter is { } company) query["company"] = company.ToString();
        if (WorkerFilter is { } worker) query["worker"] = worker.ToString();
        if (LocationFilter is { } location) query["location"] = location.ToString();
        if (Archived) query["archived"] = "true";
        sort ??= Sort;
        if (!string.IsNullOrWhiteSpace(sort) && sort != "expiryDate") query["sort"] = sort;
        if (page > 1) query["p"] = page.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(PagePath, query);
    }
}
