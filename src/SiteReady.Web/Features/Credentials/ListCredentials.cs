using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Credentials;

public sealed record ListCredentialsQuery(
    Guid? WorkerId, Guid? CompanyId, Guid? CredentialTypeId, string? Status, int? ExpiringWithinDays, Guid? LocationId, bool? Archived,
    string? Sort, int? Page, int? PageSize, string? Subject = null);

/// <summary>
/// A contractor's own credentials, or a client's network (R-K6), with filters, sorting and paging.
/// Status is judged on the viewing organisation's today. <c>subject</c> (worker | company) keeps one kind of holder.
/// Lists read <see cref="CredentialListing"/>: the total is counted in one index range, and a page sorted
/// by expiry takes its ids from the index before any names are joined.
/// </summary>
public sealed class ListCredentials(AppDb db, Actor actor, TimeProvider clock)
{
    public static readonly string[] Sorts = ["expiryDate", "-expiryDate", "worker", "-worker", "type", "-type"];

    public async Task<PageOf<CredentialRow>> HandleAsync(ListCredentialsQuery query, CancellationToken ct)
    {
        var (listed, paging, today, window) = await FilteredAsync(query, ct);
        var total = await listed.CountAsync(ct);
        var skip = (paging.Page - 1) * paging.PageSize;
        List<CrossTenant.ListedCredentialRow> page;
        if (skip >= total)
        {
            page = [];
        }
        else if (query.Sort is null or "expiryDate" or "-expiryDate")
        {
            // Past the middle the page is read from the other end, so no page walks more than half the range.
            var descending = query.Sort == "-expiryDate";
            var take = Math.Min(paging.PageSize, total - skip);
            var fromEnd = skip > total / 2;
            var ordered = ByExpiry(listed, descending, reversed: fromEnd);
            var offset = fromEnd ? total - skip - take : skip;
            // ViewerId again: WithNames reads other organisations' workers, which lifts the tenant filter for the whole query.
            // Offset and size inside the lambda, so they are parameters and every page shares one compiled query.
            var me = actor.OrganizationId!.Value;
            var rows = await db.CredentialListings.AsNoTracking()
                .Where(l => l.ViewerId == me && ordered.Skip(offset).Take(take).Select(o => o.CredentialId).Contains(l.CredentialId))
                .WithNames(db).ToListAsync(ct);
            page = ByExpiry(rows, descending).ToList();
        }
        else
        {
            page = await ByName(listed.WithNames(db), query.Sort).Skip(skip).Take(paging.PageSize).ToListAsync(ct);
        }
        return new PageOf<CredentialRow>(page.Select(r => ToRow(r, today, window)).ToList(), paging.Page, paging.PageSize, total);
    }

    /// <summary>The organisation's listed credentials after the filters (unordered), with its today and expiring-soon window.</summary>
    public async Task<(IQueryable<CredentialListing> Listed, Paging Paging, DateOnly Today, int Window)> FilteredAsync(ListCredentialsQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var status = errors.Enum<CredentialStatus>("status", query.Status, required: false);
        var subject = errors.Enum<CredentialSubject>("subject", query.Subject, required: false);
        if (query.ExpiringWithinDays is < 0 or > 3650) errors.Add("expiringWithinDays", "Must be between 0 and 3650.");
        if (query.Sort is { } sort && !Sorts.Contains(sort)) errors.Add("sort", $"Must be one of: {string.Join(", ", Sorts)}.");
        if (query.LocationId is not null && actor.OrganizationKind != OrganizationKind.Client) errors.Add("locationId", "Only clients filter by their locations.");
        errors.ThrowIfAny();
        var paging = Paging.From(query.Page, query.PageSize);
        var (today, window) = await TodayAsync(ct);

        var me = actor.OrganizationId!.Value;
        // Comparisons with variables, not constants, so every filter is an index range on both engines.
        var archived = query.Archived == true;
        var rows = db.CredentialListings.AsNoTracking().Where(l => l.ViewerId == me && l.IsArchived == archived);
        if (query.WorkerId is { } workerId) rows = rows.Where(l => l.WorkerId == workerId);
        if (query.CompanyId is { } companyId) rows = rows.Where(l => l.OrganizationId == companyId);
        if (subject is { } kind) rows = rows.Where(l => l.Subject == kind);
        if (query.CredentialTypeId is { } typeId) rows = rows.Where(l => l.CredentialTypeId == typeId);
        if (query.LocationId is { } locationId) rows = rows.AtClientLocation(db, me, locationId);
        // A credential without expiry has ExpiresOn = Never, so "not expired" is one range: ExpiresOn >= today.
        var (verified, pending, notAccepted) = (Approval.Verified, Approval.Pending, Approval.NotAccepted);
        rows = status switch
        {
            CredentialStatus.Expired => rows.Where(l => l.ExpiresOn < today),
            CredentialStatus.Verified => rows.Where(l => l.Approval == verified && l.ExpiresOn >= today),
            CredentialStatus.Pending => rows.Where(l => l.Approval == pending && l.ExpiresOn >= today),
            CredentialStatus.NotAccepted => rows.Where(l => l.Approval == notAccepted && l.ExpiresOn >= today),
            _ => rows,
        };
        if (query.ExpiringWithinDays is { } days)
        {
            var until = today.AddDays(days);
            rows = rows.Where(l => l.ExpiresOn >= today && l.ExpiresOn <= until && l.Approval != notAccepted);
        }
        return (rows, paging, today, window);
    }

    /// <summary>Soonest expiry first (never-expiring last), ties by id; "-expiryDate" reverses the dates only.</summary>
    public static IOrderedQueryable<CredentialListing> ByExpiry(IQueryable<CredentialListing> rows, bool descending, bool reversed = false) =>
        (descending != reversed, reversed) switch
        {
            (false, false) => rows.OrderBy(l => l.ExpiresOn).ThenBy(l => l.CredentialId),
            (false, true) => rows.OrderBy(l => l.ExpiresOn).ThenByDescending(l => l.CredentialId),
            (true, false) => rows.OrderByDescending(l => l.ExpiresOn).ThenBy(l => l.CredentialId),
            (true, true) => rows.OrderByDescending(l => l.ExpiresOn).ThenByDescending(l => l.CredentialId),
        };

    private static IEnumerable<CrossTenant.ListedCredentialRow> ByExpiry(IEnumerable<CrossTenant.ListedCredentialRow> rows, bool descending) =>
        descending
            ? rows.OrderByDescending(r => r.Listing.ExpiresOn).ThenBy(r => r.Listing.CredentialId)
            : rows.OrderBy(r => r.Listing.ExpiresOn).ThenBy(r => r.Listing.CredentialId);

    public static IQueryable<CrossTenant.ListedCredentialRow> ByName(IQueryable<CrossTenant.ListedCredentialRow> rows, string? sort) => sort switch
    {
        "worker" => rows.OrderBy(r => r.FirstName).ThenBy(r => r.LastName).ThenBy(r => r.Listing.CredentialId),
        "-worker" => rows.OrderByDescending(r => r.FirstName).ThenByDescending(r => r.LastName).ThenBy(r => r.Listing.CredentialId),
        "type" => rows.OrderBy(r => r.TypeName).ThenBy(r => r.Listing.CredentialId),
        "-type" => rows.OrderByDescending(r => r.TypeName).ThenBy(r => r.Listing.CredentialId),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Not a name sort."),
    };

    public async Task<(DateOnly Today, int Window)> TodayAsync(CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == actor.OrganizationId).Select(o => new { o.TimeZone, o.ExpiringSoonDays }).SingleAsync(ct);
        return (Calendar.TodayIn(org.TimeZone, clock.GetUtcNow()), org.ExpiringSoonDays);
    }

    public static CredentialRow ToRow(CrossTenant.ListedCredentialRow r, DateOnly today, int window)
    {
        var l = r.Listing;
        var name = l.WorkerId is null ? r.CompanyName : $"{r.FirstName} {r.LastName}".Trim();
        return new CredentialRow(l.CredentialId, new CredentialSubjectView(l.Subject, l.WorkerId, l.OrganizationId, name, r.CompanyName),
            new CredentialTypeView(l.CredentialTypeId, r.TypeName, r.Category), l.IsArchived, Credential.StatusOf(l.Approval, l.ExpiryOn, today),
            Credential.IsExpiringSoon(l.Approval, l.ExpiryOn, today, window), l.LatestVersionNumber, l.IssueOn, l.ExpiryOn, l.CredentialNumber);
    }

    /// <summary>One credential's summary (its detail page), from the rule itself rather than the listings.</summary>
    public static CredentialRow ToRow(CrossTenant.CredentialListRow r, DateOnly today, int window)
    {
        var c = r.Credential;
        var name = c.WorkerId is null ? r.CompanyName : $"{r.FirstName} {r.LastName}".Trim();
        return new CredentialRow(c.Id, new CredentialSubjectView(c.Subject, c.WorkerId, c.OrganizationId, name, r.CompanyName),
            new CredentialTypeView(c.CredentialTypeId, r.TypeName, r.Category), c.IsArchived, c.StatusOn(today), c.IsExpiringSoonOn(today, window),
            c.LatestVersionNumber, c.IssueOn, c.ExpiryOn, c.CredentialNumber);
    }
}
