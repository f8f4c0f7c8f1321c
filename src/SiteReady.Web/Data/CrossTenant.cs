using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Data;

/// <summary>
/// Every read that crosses organisations, in one reviewed place. Each answers a question about the
/// signed-in person or an anonymous link before any organisation is chosen; none returns another
/// organisation's business data.
/// </summary>
public static class CrossTenant
{
    public sealed record MembershipView(Guid OrganizationId, string OrganizationName, OrganizationKind Kind, Role Role, MembershipStatus Status);

    /// <summary>The person's role in one organisation, when they are an Active member of it.</summary>
    public static async Task<MembershipView?> ActiveMembershipAsync(this AppDb db, Guid userId, Guid organizationId, CancellationToken ct = default) =>
        (await db.MembershipsOfAsync(userId, ct, organizationId)).SingleOrDefault(m => m.Status == MembershipStatus.Active);

    /// <summary>All the person's memberships, for /me, sign-in and choosing where to land.</summary>
    public static async Task<List<MembershipView>> MembershipsOfAsync(this AppDb db, Guid userId, CancellationToken ct = default, Guid? onlyOrganizationId = null)
    {
        var query = from m in db.Memberships.IgnoreQueryFilters([AppDb.TenantFilter])
                    join o in db.Organizations on m.OrganizationId equals o.Id
                    where m.UserId == userId
                    select new { m, o };
        if (onlyOrganizationId is { } only) query = query.Where(x => x.m.OrganizationId == only);
        var rows = await query.OrderBy(x => x.o.Name).ToListAsync(ct);
        return rows.Select(x => new MembershipView(x.o.Id, x.o.Name, x.o.Kind, x.m.Role, x.m.Status)).ToList();
    }

    /// <summary>The invitation behind an emailed link; the caller then acts inside its organisation.</summary>
    public static Task<Invitation?> InvitationByTokenHashAsync(this AppDb db, string tokenHash, CancellationToken ct = default) =>
        db.Invitations.IgnoreQueryFilters([AppDb.TenantFilter]).SingleOrDefaultAsync(i => i.TokenHash == tokenHash, ct);

    /// <summary>Active users per organisation, for the operator's organisation list.</summary>
    public static async Task<Dictionary<Guid, int>> ActiveMemberCountsAsync(this AppDb db, CancellationToken ct = default) =>
        await db.Memberships.IgnoreQueryFilters([AppDb.TenantFilter])
            .Where(m => m.Status == MembershipStatus.Active)
            .GroupBy(m => m.OrganizationId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    public sealed record Recipient(Guid UserId, string Email, string FirstName);

    /// <summary>
    /// Active Admins with notifications on (R-A1, R-W7) of any organisation: a change in one
    /// organisation may need to tell another (a connection request, a transfer).
    /// </summary>
    public static async Task<List<Recipient>> NotifiedAdminsOfAsync(this AppDb db, Guid organizationId, CancellationToken ct = default) =>
        await (from m in db.Memberships.IgnoreQueryFilters([AppDb.TenantFilter])
               join u in db.Users on m.UserId equals u.Id
               where m.OrganizationId == organizationId && m.Status == MembershipStatus.Active
                     && (m.Role == Role.Admin || m.Role == Role.OperatorAdmin) && m.SendNotifications
               select new Recipient(u.Id, u.Email!, u.FirstName)).ToListAsync(ct);

    /// <summary>The person's worker record with whichever contractor employs them (one at most, R-W4).</summary>
    public static Task<Worker?> WorkerOfPersonAsync(this AppDb db, Guid userId, CancellationToken ct = default) =>
        db.Workers.IgnoreQueryFilters([AppDb.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId, ct);

    /// <summary>A contractor choosing a connected client's locations for a worker reads that client's locations.</summary>
    public static async Task<List<Location>> LocationsOfClientsAsync(this AppDb db, IReadOnlyCollection<Guid> clientIds, CancellationToken ct = default) =>
        await db.Locations.IgnoreQueryFilters([AppDb.TenantFilter]).AsNoTracking()
            .Where(l => clientIds.Contains(l.OrganizationId)).OrderBy(l => l.Name).ToListAsync(ct);

    /// <summary>Requests from contractors that want to employ this person (R-W4), for /me.</summary>
    public static IQueryable<EmployerRequest> EmployerRequestsOf(this AppDb db, Guid userId) =>
        db.EmployerRequests.IgnoreQueryFilters([AppDb.TenantFilter]).Where(r => r.UserId == userId);

    /// <summary>The account behind a worker of any contractor, for customer care's transfer queue.</summary>
    public static async Task<AppUser> WorkerPersonAsync(this AppDb db, Guid workerId, CancellationToken ct = default) =>
        await (from w in db.Workers.IgnoreQueryFilters([AppDb.TenantFilter])
               join u in db.Users on w.UserId equals u.Id
               where w.Id == workerId
               select u).AsNoTracking().SingleAsync(ct);
}
