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
/// by expiry takes its ids from the index before any names are joined. A list sorted by expiry and filtered only
/// by archive, type, status or expiry window takes its total, and the day its page starts on, from the kept
/// <see cref="CredentialListingCount"/> rows instead.
/// </summary>
public sealed class ListCredentials(AppDb db, Actor actor, TimeProvider clock)
{
    public static readonly string[] Sorts = ["expiryDate", "-expiryDate", "worker", "-worker", "type", "-type"];

    public async Task<PageOf<CredentialRow>> HandleAsync(ListCredentialsQuery query, CancellationToken ct)
    {
        var (listed, counts, within, paging, today, window) = await FilterAsync(query, ct);
        var skip = (paging.Page - 1) * paging.PageSize;
        var byExpiry = query.Sort is null or "expiryDate" or "-expiryDate";
        var descending = query.Sort == "-expiryDate";
        int total;
        List<CrossTenant.ListedCredentialRow> page;
        if (byExpiry && query is { WorkerId: null, CompanyId: null, Subject: null, LocationId: null })
        {
            (total, page) = await CountedPageAsync(listed, counts, within, skip, paging.PageSize, descending, ct);
        }
        else
        {
            total = await listed.CountAsync(ct);
            if (skip >= total)
            {
                page = [];
            }
            else if (byExpiry)
            {
                // Past the middle the page is read from the other end, so no page walks more than half the range.
                var take = Math.Min(paging.PageSize, total - skip);
                var fromEnd = skip > total / 2;
                page = await PageByExpiryAsync(ByExpiry(listed, descending, reversed: fromEnd), fromEnd ? total - skip - take : skip, take, descending, ct);
            }
            else
            {
                page = await ByName(listed.WithNames(db), query.Sort).Skip(skip).Take(paging.PageSize).ToListAsync(ct);
            }
        }
        return new PageOf<CredentialRow>(page.Select(r => ToRow(r, today, window)).ToList(), paging.Page, paging.PageSize, total);
    }

    /// <summary>
    /// The total and a page sorted by expiry, from the kept counts: the total is their sum, and the counts per expiry day
    /// tell on which day the page starts (or, read from the other end, ends) and how far into that day, so the index is
    /// entered at that day and skips at most part of one day's rows.
    /// </summary>
    private async Task<(int Total, List<CrossTenant.ListedCredentialRow> Page)> CountedPageAsync(
        IQueryable<CredentialListing> listed, IQueryable<CredentialListingCount> counts, Func<DateOnly?, DateOnly?, IQueryable<CredentialListing>> listedFrom, int skip, int pageSize, bool descending, CancellationToken ct)
    {
        if (skip == 0)
        {
            var count = await counts.SumAsync(c => c.Count, ct);
            if (count == 0) return (0, []);
            return (count, await PageByExpiryAsync(ByExpiry(listed, descending), 0, Math.Min(pageSize, count), descending, ct));
        }
        var perDay = counts.GroupBy(c => c.ExpiresOn).Select(g => new { Day = g.Key, Count = g.Sum(c => c.Count) });
        var days = await (descending ? perDay.OrderByDescending(d => d.Day) : perDay.OrderBy(d => d.Day)).ToListAsync(ct);
        var total = days.Sum(d => d.Count);
        if (skip >= total) return (total, []);
        var take = Math.Min(pageSize, total - skip);

        // The day of the page's first row and the rows of that day before it; the day of its last row and the rows of that day after it.
        var (startDay, startOffset, endDay, endOffset) = (default(DateOnly), 0, default(DateOnly), 0);
        var before = 0;
        foreach (var day in days)
        {
            if (skip >= before && skip < before + day.Count) (startDay, startOffset) = (day.Day, skip - before);
            if (skip + take - 1 >= before && skip + take - 1 < before + day.Count)
            {
                (endDay, endOffset) = (day.Day, before + day.Count - skip - take);
                break;
            }
            before += day.Count;
        }
        // Read from whichever end skips fewer rows of its day.
        var fromEnd = endOffset < startOffset;
        var from = fromEnd ? endDay : startDay;
        // Dates ascending in the order read: from that day on; descending: up to it. The day joins the filters' own
        // bounds (see InGroups), so the index is entered at that day.
        var ascending = descending == fromEnd;
        var range = ascending ? listedFrom(from, null) : listedFrom(null, from);
        return (total, await PageByExpiryAsync(ByExpiry(range, descending, reversed: fromEnd), fromEnd ? endOffset : startOffset, take, descending, ct));
    }

    /// <summary>
    /// A page of keys from the ordered listings (a range of one of their indexes, skipping only index entries), then
    /// those listings by their whole sort key with their names, in list order.
    /// </summary>
    private async Task<List<CrossTenant.ListedCredentialRow>> PageByExpiryAsync(IOrderedQueryable<CredentialListing> ordered, int offset, int take, bool descending, CancellationToken ct)
    {
        // The join names the viewer, archive flag, expiry and credential: on SQLite the listings' key, so each row is one
        // seek (with the credential and viewer alone SQLite ranges over the viewer's whole key instead). The keys come
        // from the viewer's filtered listings, which keeps the join to them: WithNames lifts the tenant filter.
        var keys = ordered.Skip(offset).Take(take).Select(o => new { o.ViewerId, o.IsArchived, o.ExpiresOn, o.CredentialId });
        var rows = await (from k in keys
                          join l in db.CredentialListings.AsNoTracking()
                              on new { k.ViewerId, k.IsArchived, k.ExpiresOn, k.CredentialId } equals new { l.ViewerId, l.IsArchived, l.ExpiresOn, l.CredentialId }
                          select l).WithNames(db).ToListAsync(ct);
        return ByExpiry(rows, descending).ToList();
    }

    /// <summary>The organisation's listed credentials after the filters (unordered), with its today and expiring-soon window.</summary>
    public async Task<(IQueryable<CredentialListing> Listed, Paging Paging, DateOnly Today, int Window)> FilteredAsync(ListCredentialsQuery query, CancellationToken ct)
    {
        var (listed, _, _, paging, today, window) = await FilterAsync(query, ct);
        return (listed, paging, today, window);
    }

    /// <summary>
    /// The filtered listings, and their kept counts under the same filters (right only when the query has no worker,
    /// company, subject or location filter, which the counts cannot apply).
    /// </summary>
    private async Task<(IQueryable<CredentialListing> Listed, IQueryable<CredentialListingCount> Counts,
        Func<DateOnly?, DateOnly?, IQueryable<CredentialListing>> ListedWithin, Paging Paging, DateOnly Today, int Window)> FilterAsync(
        ListCredentialsQuery query, CancellationToken ct)
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
        var rows = InGroups(db.CredentialListings.AsNoTracking(), me, query, status, today);
        if (query.WorkerId is { } workerId) rows = rows.Where(l => l.WorkerId == workerId);
        if (query.CompanyId is { } companyId)
        {
            // A contractor's listings are all of its own company; a client's are in the company index, whose entries
            // are exactly the listings of other companies than the viewer (said here, so both engines use it).
            if (actor.OrganizationKind == OrganizationKind.Client) rows = rows.Where(l => l.OrganizationId == companyId && l.ViewerId != l.OrganizationId);
            else if (companyId != me) rows = rows.Where(l => false);
        }
        if (subject is { } kind) rows = rows.Where(l => l.Subject == kind);
        if (query.LocationId is { } locationId) rows = rows.AtClientLocation(db, me, locationId);
        return (rows, InGroups(db.CredentialListingCounts.AsNoTracking(), me, query, status, today),
            (from, to) => InGroups(db.CredentialListings.AsNoTracking(), me, query, status, today, from, to), paging, today, window);
    }

    /// <summary>
    /// The filters on the columns listings and their counts share: viewer, archived, type, status and expiry window.
    /// The expiry conditions, with an optional day range (<paramref name="fromDay"/>, <paramref name="toDay"/>, inclusive),
    /// become one lower and one upper bound: SQLite ranges an index over one bound per side and checks any other row by row.
    /// </summary>
    private static IQueryable<T> InGroups<T>(IQueryable<T> rows, Guid me, ListCredentialsQuery query, CredentialStatus? status, DateOnly today,
        DateOnly? fromDay = null, DateOnly? toDay = null)
        where T : class, IListingGroup
    {
        // Comparisons with variables, not constants, so every filter is an index range on both engines.
        var archived = query.Archived == true;
        rows = rows.Where(l => l.ViewerId == me && l.IsArchived == archived);
        if (query.CredentialTypeId is { } typeId) rows = rows.Where(l => l.CredentialTypeId == typeId);
        var (verified, pending, notAccepted) = (Approval.Verified, Approval.Pending, Approval.NotAccepted);
        rows = status switch
        {
            CredentialStatus.Verified => rows.Where(l => l.Approval == verified),
            CredentialStatus.Pending => rows.Where(l => l.Approval == pending),
            CredentialStatus.NotAccepted => rows.Where(l => l.Approval == notAccepted),
            _ => rows,
        };
        if (query.ExpiringWithinDays is not null) rows = rows.Where(l => l.Approval != notAccepted);

        // A credential without expiry has ExpiresOn = Never, so "not expired" is one range: ExpiresOn >= today.
        var lower = fromDay;
        var upper = toDay;
        if (status is CredentialStatus.Verified or CredentialStatus.Pending or CredentialStatus.NotAccepted || query.ExpiringWithinDays is not null)
            lower = Max(lower, today);
        if (status is CredentialStatus.Expired) upper = Min(upper, today.AddDays(-1));
        if (query.ExpiringWithinDays is { } days) upper = Min(upper, today.AddDays(days));
        // Never (9999-12-31) is not sent as itself: Npgsql sends DateOnly.MaxValue as 'infinity'. As a lower bound it is
        // "after the day before"; as an upper bound it bounds nothing.
        if (lower == CredentialListing.Never)
        {
            var dayBefore = CredentialListing.Never.AddDays(-1);
            rows = rows.Where(l => l.ExpiresOn > dayBefore);
        }
        else if (lower is { } from)
        {
            rows = rows.Where(l => l.ExpiresOn >= from);
        }
        if (upper is { } to && to != CredentialListing.Never) rows = rows.Where(l => l.ExpiresOn <= to);
        return rows;
    }

    private static DateOnly Max(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;
    private static DateOnly Min(DateOnly? a, DateOnly b) => a is { } x && x < b ? x : b;

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

    /// <summary>The acting organisation's today and expiring-soon window (read with the membership when there was one).</summary>
    public async Task<(DateOnly Today, int Window)> TodayAsync(CancellationToken ct)
    {
        if (actor.Calendar is not { } calendar)
        {
            var org = await db.Organizations.AsNoTracking().Where(o => o.Id == actor.OrganizationId).Select(o => new { o.TimeZone, o.ExpiringSoonDays }).SingleAsync(ct);
            calendar = (org.TimeZone, org.ExpiringSoonDays);
        }
        return (Calendar.TodayIn(calendar.TimeZone, clock.GetUtcNow()), calendar.ExpiringSoonDays);
    }

    public static CredentialRow ToRow(CrossTenant.ListedCredentialRow r, DateOnly today, int window)
    {
        var l = r.Listing;
        return new CredentialRow(l.CredentialId, new CredentialSubjectView(l.Subject, l.WorkerId, l.OrganizationId, r.HolderName(l.WorkerId), r.CompanyName),
            new CredentialTypeView(l.CredentialTypeId, r.TypeName, r.Category), l.IsArchived, Credential.StatusOf(l.Approval, l.ExpiryOn, today),
            Credential.IsExpiringSoon(l.Approval, l.ExpiryOn, today, window), l.LatestVersionNumber, l.IssueOn, l.ExpiryOn, l.CredentialNumber);
    }

    /// <summary>One credential's summary (its detail page), from the rule itself rather than the listings.</summary>
    public static CredentialRow ToRow(CrossTenant.CredentialListRow r, DateOnly today, int window)
    {
        var c = r.Credential;
        return new CredentialRow(c.Id, new CredentialSubjectView(c.Subject, c.WorkerId, c.OrganizationId, r.HolderName(c.WorkerId), r.CompanyName),
            new CredentialTypeView(c.CredentialTypeId, r.TypeName, r.Category), c.IsArchived, c.StatusOn(today), c.IsExpiringSoonOn(today, window),
            c.LatestVersionNumber, c.IssueOn, c.ExpiryOn, c.CredentialNumber);
    }
}
