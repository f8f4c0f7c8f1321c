using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Workers;

/// <summary>R-W8: the contractor's workers with filters, sorted by name; disabled workers only when asked for.</summary>
public sealed class ListWorkers(AppDb db, WorkerRecords records)
{
    public async Task<PageOf<WorkerResponse>> HandleAsync(ListWorkersQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var status = errors.Enum<InviteStatus>("inviteStatus", query.InviteStatus, required: false);
        var mode = errors.Enum<ManagementMode>("managementMode", query.ManagementMode, required: false);
        if (query.Sort is not (null or "name" or "-name")) errors.Add("sort", "Must be name or -name.");
        errors.ThrowIfAny();
        var paging = Paging.From(query.Page, query.PageSize);

        var rows = from w in db.Workers.AsNoTracking()
                   join u in db.Users on w.UserId equals u.Id
                   select new { w, u };
        rows = status is { } s ? rows.Where(x => x.w.InviteStatus == s) : rows.Where(x => x.w.InviteStatus != InviteStatus.Disabled);
        if (mode is { } m) rows = rows.Where(x => x.w.ManagementMode == m);
        if (query.ClientId is { } clientId)
            rows = rows.Where(x => db.WorkerClientConnections.Any(c => c.WorkerId == x.w.Id && c.ClientId == clientId));
        if (query.LocationId is { } locationId)
        {
            // A connection with no chosen locations covers all of that client's locations.
            var location = (await db.LocationsOfClientsAsync(await db.ClientConnections.Select(c => c.ClientId).ToListAsync(ct), ct))
                .SingleOrDefault(l => l.Id == locationId);
            var ownerId = location?.OrganizationId ?? Guid.Empty;
            rows = rows.Where(x => db.WorkerClientConnections.Any(c => c.WorkerId == x.w.Id && c.ClientId == ownerId
                && (c.LocationIds.Count == 0 || c.LocationIds.Contains(locationId))));
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim().ToLower();
            rows = rows.Where(x => x.u.Email!.ToLower().Contains(q) || (x.u.FirstName + " " + x.u.LastName).ToLower().Contains(q));
        }
        var ordered = query.Sort == "-name"
            ? rows.OrderByDescending(x => x.u.FirstName).ThenByDescending(x => x.u.LastName).ThenByDescending(x => x.u.Email)
            : rows.OrderBy(x => x.u.FirstName).ThenBy(x => x.u.LastName).ThenBy(x => x.u.Email);

        var total = await ordered.CountAsync(ct);
        var page = await ordered.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        var workerIds = page.Select(x => x.w.Id).ToList();
        var withConnections = await db.Workers.AsNoTracking().Include(w => w.ClientConnections).Where(w => workerIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        var items = await records.ToResponsesAsync(page.Select(x => (withConnections[x.w.Id], x.u)).ToList(), ct);
        return new PageOf<WorkerResponse>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>The Workers menu shows a notice instead of the list while the contractor has no connected client.</summary>
    public Task<bool> HasConnectedClientAsync(CancellationToken ct) =>
        db.ClientConnections.AnyAsync(c => c.Status == ConnectionStatus.Connected, ct);
}
