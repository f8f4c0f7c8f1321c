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
/// </summary>
public sealed class ListCredentials(AppDb db, Actor actor, TimeProvider clock)
{
    public static readonly string[] Sorts = ["expiryDate", "-expiryDate", "worker", "-worker", "type", "-type"];

    public async Task<PageOf<CredentialRow>> HandleAsync(ListCredentialsQuery query, CancellationToken ct)
    {
        var (rows, paging) = await FilteredAsync(query, ct);
        var (today, window) = await TodayAsync(ct);
        var total = await rows.CountAsync(ct);
        var page = await rows.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        return new PageOf<CredentialRow>(page.Select(r => ToRow(r, today, window)).ToList(), paging.Page, paging.PageSize, total);
    }

    /// <summary>The filtered, ordered rows (for the list and for the CSV export).</summary>
    public async Task<(IQueryable<CrossTenant.CredentialListRow> Rows, Paging Paging)> FilteredAsync(ListCredentialsQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var status = errors.Enum<CredentialStatus>("status", query.Status, required: false);
        var subject = errors.Enum<CredentialSubject>("subject", query.Subject, required: false);
        if (query.ExpiringWithinDays is < 0 or > 3650) errors.Add("expiringWithinDays", "Must be between 0 and 3650.");
        if (query.Sort is { } sort && !Sorts.Contains(sort)) errors.Add("sort", $"Must be one of: {string.Join(", ", Sorts)}.");
        if (query.LocationId is not null && actor.OrganizationKind != OrganizationKind.Client) errors.Add("locationId", "Only clients filter by their locations.");
        errors.ThrowIfAny();
        var paging = Paging.From(query.Page, query.PageSize);
        var (today, _) = await TodayAsync(ct);

        var me = actor.OrganizationId!.Value;
        var rows = db.CredentialsVisibleTo(me, actor.OrganizationKind!.Value);
        rows = query.Archived == true ? rows.Where(r => r.Credential.IsArchived) : rows.Where(r => !r.Credential.IsArchived);
        if (query.WorkerId is { } workerId) rows = rows.Where(r => r.Credential.WorkerId == workerId);
        if (query.CompanyId is { } companyId) rows = rows.Where(r => r.Credential.OrganizationId == companyId);
        if (subject is { } kind) rows = rows.Where(r => r.Credential.Subject == kind);
        if (query.CredentialTypeId is { } typeId) rows = rows.Where(r => r.Credential.CredentialTypeId == typeId);
        if (query.LocationId is { } locationId) rows = rows.AtClientLocation(db, me, locationId);
        rows = status switch
        {
            CredentialStatus.Expired => rows.Where(r => r.Credential.ExpiryOn < today),
            CredentialStatus.Verified => rows.Where(r => r.Credential.Approval == Approval.Verified && !(r.Credential.ExpiryOn < today)),
            CredentialStatus.Pending => rows.Where(r => r.Credential.Approval == Approval.Pending && !(r.Credential.ExpiryOn < today)),
            CredentialStatus.NotAccepted => rows.Where(r => r.Credential.Approval == Approval.NotAccepted && !(r.Credential.ExpiryOn < today)),
            _ => rows,
        };
        if (query.ExpiringWithinDays is { } days)
        {
            var until = today.AddDays(days);
            rows = rows.Where(r => r.Credential.ExpiryOn >= today && r.Credential.ExpiryOn <= until && r.Credential.Approval != Approval.NotAccepted);
        }
        rows = query.Sort switch
        {
            "-expiryDate" => rows.OrderByDescending(r => r.Credential.ExpiryOn).ThenBy(r => r.Credential.Id),
            "worker" => rows.OrderBy(r => r.FirstName).ThenBy(r => r.LastName).ThenBy(r => r.Credential.Id),
            "-worker" => rows.OrderByDescending(r => r.FirstName).ThenByDescending(r => r.LastName).ThenBy(r => r.Credential.Id),
            "type" => rows.OrderBy(r => r.TypeName).ThenBy(r => r.Credential.Id),
            "-type" => rows.OrderByDescending(r => r.TypeName).ThenBy(r => r.Credential.Id),
            _ => rows.OrderBy(r => r.Credential.ExpiryOn).ThenBy(r => r.Credential.Id),
        };
        return (rows, paging);
    }

    public async Task<(DateOnly Today, int Window)> TodayAsync(CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == actor.OrganizationId).Select(o => new { o.TimeZone, o.ExpiringSoonDays }).SingleAsync(ct);
        return (Calendar.TodayIn(org.TimeZone, clock.GetUtcNow()), org.ExpiringSoonDays);
    }

    public static CredentialRow ToRow(CrossTenant.CredentialListRow r, DateOnly today, int window)
    {
        var c = r.Credential;
        var name = c.WorkerId is null ? r.CompanyName : $"{r.FirstName} {r.LastName}".Trim();
        return new CredentialRow(c.Id, new CredentialSubjectView(c.Subject, c.WorkerId, c.OrganizationId, name, r.CompanyName),
            new CredentialTypeView(c.CredentialTypeId, r.TypeName, r.Category), c.IsArchived, c.StatusOn(today), c.IsExpiringSoonOn(today, window),
            c.LatestVersionNumber, c.IssueOn, c.ExpiryOn, c.CredentialNumber);
    }
}
