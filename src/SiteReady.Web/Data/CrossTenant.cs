using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Credentials;
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
    /// <summary>A membership with what requests in that organisation need of it: the organisation's kind, time zone and expiring-soon window.</summary>
    public sealed record MembershipView(Guid OrganizationId, string OrganizationName, OrganizationKind Kind, Role Role, MembershipStatus Status,
        string TimeZone, int ExpiringSoonDays);

    /// <summary>The person's role in one organisation, when they are an Active member of it.</summary>
    public static async Task<MembershipView?> ActiveMembershipAsync(this AppDb db, Guid userId, Guid organizationId, CancellationToken ct = default) =>
        (await db.MembershipsOfAsync(userId, ct, organizationId)).SingleOrDefault(m => m.Status == MembershipStatus.Active);

    /// <summary>All the person's memberships, for /me, sign-in and choosing where to land.</summary>
    public static async Task<List<MembershipView>> MembershipsOfAsync(this AppDb db, Guid userId, CancellationToken ct = default, Guid? onlyOrganizationId = null)
    {
        var query = from m in db.Memberships.IgnoreQueryFilters([AppDb.TenantFilter])
                    join o in db.Organizations on m.OrganizationId equals o.Id
                    where m.UserId == userId
                    select new { o.Id, o.Name, o.Kind, m.Role, m.Status, o.TimeZone, o.ExpiringSoonDays };
        if (onlyOrganizationId is { } only) query = query.Where(x => x.Id == only);
        var rows = await query.OrderBy(x => x.Name).ToListAsync(ct);
        return rows.Select(x => new MembershipView(x.Id, x.Name, x.Kind, x.Role, x.Status, x.TimeZone, x.ExpiringSoonDays)).ToList();
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

    public sealed record ImportCandidate(Guid Id, Guid OrganizationId, Guid CreatedByUserId, int Attempts);

    /// <summary>R-K8: imports of any organisation waiting to run, or left Running by an instance that stopped (its lease ran out); oldest first.</summary>
    public static Task<List<ImportCandidate>> ClaimableCredentialImportsAsync(this AppDb db, DateTimeOffset now, int take, CancellationToken ct = default) =>
        db.CredentialImports.IgnoreQueryFilters([AppDb.TenantFilter]).AsNoTracking()
            .Where(i => i.Status == ImportStatus.Queued || (i.Status == ImportStatus.Running && i.LeaseUntil < now))
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Take(take)
            .Select(i => new ImportCandidate(i.Id, i.OrganizationId, i.CreatedByUserId, i.Attempts))
            .ToListAsync(ct);

    /// <summary>
    /// Takes an import for this instance by a conditional update, only while it is claimable and no other import of
    /// its organisation is running: one organisation's imports run one after another, so a file uploaded twice is
    /// still imported once. True when this instance got it.
    /// </summary>
    public static async Task<bool> ClaimCredentialImportAsync(this AppDb db, ImportCandidate candidate, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        // SQLite's transaction takes the write lock at once; PostgreSQL serialises claims per organisation with an advisory lock.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [ImportLockClass, candidate.OrganizationId.GetHashCode()], ct);
        var imports = db.CredentialImports.IgnoreQueryFilters([AppDb.TenantFilter]);
        var claimed = await imports
            .Where(i => i.Id == candidate.Id && (i.Status == ImportStatus.Queued || (i.Status == ImportStatus.Running && i.LeaseUntil < now)))
            .Where(i => !imports.Any(o => o.OrganizationId == candidate.OrganizationId && o.Id != candidate.Id && o.Status == ImportStatus.Running && o.LeaseUntil >= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ImportStatus.Running)
                .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                .SetProperty(i => i.StartedAt, now)
                .SetProperty(i => i.LeaseUntil, leaseUntil)
                .SetProperty(i => i.Phase, ImportPhase.Validating)
                .SetProperty(i => i.ProcessedRows, 0), ct);
        await transaction.CommitAsync(ct);
        return claimed == 1;
    }

    private const int ImportLockClass = 0x1A2B_0008; // the two-key advisory lock space, apart from the migrator's one-key lock

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

    /// <summary>
    /// The names a credential is shown with: its type, its company and, for a worker's, the person. Rows are built with
    /// initializers (not constructors) so EF can filter and sort on their members.
    /// </summary>
    public abstract class CredentialNames
    {
        public required string TypeName { get; init; }
        public required CredentialCategory Category { get; init; }
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
        public string? Email { get; init; }
        public required string CompanyName { get; init; }

        /// <summary>The worker's name, or the company's for a company credential.</summary>
        public string HolderName(Guid? workerId) => workerId is null ? CompanyName : $"{FirstName} {LastName}".Trim();
    }

    /// <summary>A credential with its names.</summary>
    public sealed class CredentialListRow : CredentialNames
    {
        public required Credential Credential { get; init; }
    }

    /// <summary>
    /// R-K6: the credentials an organisation may see. A contractor sees its own (its workers' and its
    /// company's). A client sees its network: company credentials of connected contractors and the
    /// credentials of those contractors' workers who are connected to this client.
    /// </summary>
    public static IQueryable<CredentialListRow> CredentialsVisibleTo(this AppDb db, Guid organizationId, OrganizationKind kind)
    {
        var credentials = db.Credentials.IgnoreQueryFilters([AppDb.TenantFilter]).AsNoTracking();
        var connections = db.ClientConnections.IgnoreQueryFilters([AppDb.TenantFilter]);
        var workerConnections = db.WorkerClientConnections.IgnoreQueryFilters([AppDb.TenantFilter]);
        var allWorkers = db.Workers.IgnoreQueryFilters([AppDb.TenantFilter]);
        credentials = kind == OrganizationKind.Client
            ? credentials.Where(c =>
                connections.Any(cc => cc.ClientId == organizationId && cc.ContractorId == c.OrganizationId && cc.Status == ConnectionStatus.Connected)
                && (c.WorkerId == null || workerConnections.Any(w => w.WorkerId == c.WorkerId && w.ClientId == organizationId)))
            : credentials.Where(c => c.OrganizationId == organizationId);

        return from c in credentials
               join t in db.CredentialTypes on c.CredentialTypeId equals t.Id
               join o in db.Organizations on c.OrganizationId equals o.Id
               join w in allWorkers on c.WorkerId equals w.Id into workers
               from w in workers.DefaultIfEmpty()
               join u in db.Users on w.UserId equals u.Id into people
               from u in people.DefaultIfEmpty()
               select new CredentialListRow { Credential = c, TypeName = t.Name, Category = t.Category, FirstName = u.FirstName, LastName = u.LastName, Email = u.Email, CompanyName = o.Name };
    }

    /// <summary>The clients any of these contractors is Connected to: whose lists their credentials appear in (R-K6).</summary>
    public static Task<List<Guid>> ConnectedClientsOfAsync(this AppDb db, IReadOnlyCollection<Guid> contractorIds, CancellationToken ct = default) =>
        db.ClientConnections.IgnoreQueryFilters([AppDb.TenantFilter]).AsNoTracking()
            .Where(c => contractorIds.Contains(c.ContractorId) && c.Status == ConnectionStatus.Connected)
            .Select(c => c.ClientId).Distinct().ToListAsync(ct);

    public sealed record NetworkCompanyView(Guid Id, string Name);

    /// <summary>R-K6: a contractor in the client's network (connected now), or null for any other organisation.</summary>
    public static async Task<NetworkCompanyView?> NetworkCompanyAsync(this AppDb db, Guid clientId, Guid companyId, CancellationToken ct = default) =>
        await (from cc in db.ClientConnections.IgnoreQueryFilters([AppDb.TenantFilter])
               join o in db.Organizations on cc.ContractorId equals o.Id
               where cc.ClientId == clientId && cc.ContractorId == companyId && cc.Status == ConnectionStatus.Connected
               select new NetworkCompanyView(o.Id, o.Name)).FirstOrDefaultAsync(ct);

    public sealed record NetworkWorkerView(Guid Id, Guid CompanyId, string FirstName, string LastName, string Email, string? Mobile,
        InviteStatus InviteStatus, IReadOnlyList<Guid> LocationIds);

    /// <summary>
    /// R-K6: the workers of a connected contractor who are connected to this client (no others), by name;
    /// <paramref name="workerId"/> narrows to one.
    /// </summary>
    public static async Task<List<NetworkWorkerView>> NetworkWorkersAsync(this AppDb db, Guid clientId, Guid companyId, Guid? workerId = null, CancellationToken ct = default)
    {
        if (await db.NetworkCompanyAsync(clientId, companyId, ct) is null) return [];
        var query = from wc in db.WorkerClientConnections.IgnoreQueryFilters([AppDb.TenantFilter])
                    join w in db.Workers.IgnoreQueryFilters([AppDb.TenantFilter]) on wc.WorkerId equals w.Id
                    join u in db.Users on w.UserId equals u.Id
                    where wc.ClientId == clientId && w.OrganizationId == companyId
                    select new { w.Id, u.FirstName, u.LastName, u.Email, u.PhoneNumber, w.InviteStatus, wc.LocationIds };
        if (workerId is { } id) query = query.Where(x => x.Id == id);
        var rows = await query.AsNoTracking().OrderBy(x => x.FirstName).ThenBy(x => x.LastName).ThenBy(x => x.Id).ToListAsync(ct);
        return rows.Select(x => new NetworkWorkerView(x.Id, companyId, x.FirstName, x.LastName, x.Email!, x.PhoneNumber, x.InviteStatus, x.LocationIds)).ToList();
    }

    /// <summary>A client's location filter: workers connected to the location (a connection without locations covers them all).</summary>
    public static IQueryable<CredentialListing> AtClientLocation(this IQueryable<CredentialListing> rows, AppDb db, Guid clientId, Guid locationId)
    {
        var workerConnections = db.WorkerClientConnections.IgnoreQueryFilters([AppDb.TenantFilter]);
        return rows.Where(r => r.WorkerId != null && workerConnections
            .Any(w => w.WorkerId == r.WorkerId && w.ClientId == clientId && (w.LocationIds.Count == 0 || w.LocationIds.Contains(locationId))));
    }

    /// <summary>A listed credential with the names a list shows (type, company, worker), for a page of a list.</summary>
    public sealed class ListedCredentialRow : CredentialNames
    {
        public required CredentialListing Listing { get; init; }
    }

    /// <summary>
    /// Joins listings to their names. Reading other organisations' workers lifts the tenant filter for the
    /// whole query, so the caller limits the listings to the viewer's own (ViewerId) itself.
    /// </summary>
    public static IQueryable<ListedCredentialRow> WithNames(this IQueryable<CredentialListing> listings, AppDb db)
    {
        var allWorkers = db.Workers.IgnoreQueryFilters([AppDb.TenantFilter]);
        return from l in listings
               join t in db.CredentialTypes on l.CredentialTypeId equals t.Id
               join o in db.Organizations on l.OrganizationId equals o.Id
               join w in allWorkers on l.WorkerId equals w.Id into workers
               from w in workers.DefaultIfEmpty()
               join u in db.Users on w.UserId equals u.Id into people
               from u in people.DefaultIfEmpty()
               select new ListedCredentialRow { Listing = l, TypeName = t.Name, Category = t.Category, FirstName = u.FirstName, LastName = u.LastName, Email = u.Email, CompanyName = o.Name };
    }

    /// <summary>A listed worker's name ("First Last") and email.</summary>
    public sealed record Person(string Name, string? Email);

    /// <summary>
    /// Every name an organisation's credential lists can show, for streaming a long list without a join
    /// per row: all credential types (a contractor may use any of its clients' types), the companies
    /// (a client's contractors, or the contractor itself) and the people behind the listed workers
    /// (a client's connected workers, or those in the contractor's own listings).
    /// </summary>
    public static async Task<(Dictionary<Guid, CredentialType> Types, Dictionary<Guid, string> Companies, Dictionary<Guid, Person> People)> ListNamesAsync(
        this AppDb db, Guid organizationId, OrganizationKind kind, CancellationToken ct = default)
    {
        var types = await db.CredentialTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var allWorkers = db.Workers.IgnoreQueryFilters([AppDb.TenantFilter]);
        IQueryable<Guid> companyIds, workerIds;
        if (kind == OrganizationKind.Client)
        {
            companyIds = db.ClientConnections.IgnoreQueryFilters([AppDb.TenantFilter]).Where(c => c.ClientId == organizationId).Select(c => c.ContractorId);
            workerIds = db.WorkerClientConnections.IgnoreQueryFilters([AppDb.TenantFilter]).Where(w => w.ClientId == organizationId).Select(w => w.WorkerId);
        }
        else
        {
            companyIds = db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Id);
            workerIds = db.CredentialListings.IgnoreQueryFilters([AppDb.TenantFilter])
                .Where(l => l.ViewerId == organizationId && l.WorkerId != null).Select(l => l.WorkerId!.Value).Distinct();
        }
        var companies = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId || companyIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var people = await (from w in allWorkers
                            join u in db.Users on w.UserId equals u.Id
                            where workerIds.Contains(w.Id)
                            select new { w.Id, u.FirstName, u.LastName, u.Email })
            .ToDictionaryAsync(p => p.Id, p => new Person($"{p.FirstName} {p.LastName}".Trim(), p.Email), ct);
        return (types, companies, people);
    }

    /// <summary>One credential with its versions and files, if <paramref name="organizationId"/> may see it.</summary>
    public static async Task<Credential?> VisibleCredentialAsync(this AppDb db, Guid organizationId, OrganizationKind kind, Guid credentialId, CancellationToken ct = default)
    {
        if (!await db.CredentialsVisibleTo(organizationId, kind).AnyAsync(r => r.Credential.Id == credentialId, ct)) return null;
        return await db.Credentials.IgnoreQueryFilters([AppDb.TenantFilter])
            .Include(c => c.Versions).ThenInclude(v => v.StoredFiles)
            .AsSplitQuery()
            .SingleAsync(c => c.Id == credentialId, ct);
    }

    /// <summary>A visible credential's activity (the caller has checked it may see the credential).</summary>
    public static Task<List<CredentialActivity>> ActivityOfCredentialAsync(this AppDb db, Guid credentialId, CancellationToken ct = default) =>
        db.CredentialActivity.IgnoreQueryFilters([AppDb.TenantFilter]).AsNoTracking()
            .Where(a => a.CredentialId == credentialId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);

    public sealed class PendingVersionRow
    {
        public Guid CredentialId { get; init; }
        public int Number { get; init; }
        public DateTimeOffset UploadedAt { get; init; }
        public Guid CredentialTypeId { get; init; }
        public string TypeName { get; init; } = "";
        public Guid OrganizationId { get; init; }
        public string OrganizationName { get; init; } = "";
        public Guid? WorkerId { get; init; }
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
    }

    /// <summary>R-K10: the operator's reviewers see every pending version of every organisation, oldest first.</summary>
    public static IQueryable<PendingVersionRow> PendingVersions(this AppDb db)
    {
        var allWorkers = db.Workers.IgnoreQueryFilters([AppDb.TenantFilter]);
        return from v in db.CredentialVersions.IgnoreQueryFilters([AppDb.TenantFilter])
               join c in db.Credentials.IgnoreQueryFilters([AppDb.TenantFilter]) on v.CredentialId equals c.Id
               join t in db.CredentialTypes on c.CredentialTypeId equals t.Id
               join o in db.Organizations on c.OrganizationId equals o.Id
               join w in allWorkers on c.WorkerId equals w.Id into workers
               from w in workers.DefaultIfEmpty()
               join u in db.Users on w.UserId equals u.Id into people
               from u in people.DefaultIfEmpty()
               where v.Approval == Approval.Pending && !c.IsArchived
               orderby v.CreatedAt, v.Id
               select new PendingVersionRow
               {
                   CredentialId = c.Id, Number = v.Number, UploadedAt = v.CreatedAt, CredentialTypeId = t.Id, TypeName = t.Name,
                   OrganizationId = o.Id, OrganizationName = o.Name, WorkerId = c.WorkerId, FirstName = u.FirstName, LastName = u.LastName,
               };
    }

    /// <summary>A credential for a reviewer's decision, whichever organisation owns it.</summary>
    public static Task<Credential?> CredentialForReviewAsync(this AppDb db, Guid credentialId, CancellationToken ct = default) =>
        db.Credentials.IgnoreQueryFilters([AppDb.TenantFilter]).Include(c => c.Versions).ThenInclude(v => v.StoredFiles).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == credentialId, ct);

    /// <summary>An Active operator admin, for work done on the operator's behalf (demo reviews).</summary>
    public static Task<Guid?> AnyOperatorAdminAsync(this AppDb db, CancellationToken ct = default) =>
        db.Memberships.IgnoreQueryFilters([AppDb.TenantFilter])
            .Where(m => m.Role == Role.OperatorAdmin && m.Status == MembershipStatus.Active).Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(ct);
}
