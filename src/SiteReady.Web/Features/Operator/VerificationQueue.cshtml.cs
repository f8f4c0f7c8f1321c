using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Operator;

/// <summary>
/// Operator › Verification queue (R-K10): pending credential versions of every organisation, oldest first, with
/// their age in business days against the 3-day target; filters by credential type and organisation.
/// </summary>
[Authorize(Policy = Policies.ComplianceReview)]
public sealed class VerificationQueueModel(ReviewCredentials review) : PageModel
{
    public const int PageSize = 50;
    public const string Path = "/operator/verification";

    [BindProperty(SupportsGet = true, Name = "type")] public Guid? TypeFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "organisation")] public Guid? OrganizationFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public PageOf<QueueItem> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<QueueChoice> Types { get; private set; } = [];
    public IReadOnlyList<QueueChoice> Organizations { get; private set; } = [];
    public bool IsFiltered => TypeFilter is not null || OrganizationFilter is not null;
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, UrlFor);

    public async Task OnGetAsync(CancellationToken ct)
    {
        (var types, var organizations) = await review.QueueChoicesAsync(ct);
        Types = types;
        Organizations = organizations;
        Result = await review.QueueAsync(TypeFilter, OrganizationFilter, Math.Max(1, PageNumber ?? 1), PageSize, ct);
    }

    public static string ReviewUrl(QueueItem item) => $"{Path}/{item.CredentialId}?version={item.VersionNumber}";

    public string UrlFor(int page)
    {
        var query = new Dictionary<string, string?>();
        if (TypeFilter is { } type) query["type"] = type.ToString();
        if (OrganizationFilter is { } organization) query["organisation"] = organization.ToString();
        if (page > 1) query["p"] = page.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, query);
    }
}
