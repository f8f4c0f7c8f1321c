using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Identity;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Data;

/// <summary>
/// The one database context. Tenant-owned rows are filtered by the named <see cref="TenantFilter"/>
/// and guarded on save; every save bumps <c>Version</c> (the concurrency token) and wakes the outbox.
/// Provider specifics live in <see cref="SqliteAppDb"/> and <see cref="PostgresAppDb"/>.
/// </summary>
public abstract class AppDb(DbContextOptions options, TenantContext tenant, OutboxSignal outboxSignal)
    : IdentityUserContext<AppUser, Guid>(options)
{
    public const string TenantFilter = "Tenant";

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<ClientConnection> ClientConnections => Set<ClientConnection>();
    public DbSet<Worker> Workers => Set<Worker>();
    public DbSet<WorkerClientConnection> WorkerClientConnections => Set<WorkerClientConnection>();
    public DbSet<EmployerRequest> EmployerRequests => Set<EmployerRequest>();
    public DbSet<TransferRequest> TransferRequests => Set<TransferRequest>();
    public DbSet<CredentialType> CredentialTypes => Set<CredentialType>();
    public DbSet<Credential> Credentials => Set<Credential>();
    public DbSet<CredentialVersion> CredentialVersions => Set<CredentialVersion>();
    public DbSet<CredentialFile> CredentialFiles => Set<CredentialFile>();
    public DbSet<CredentialActivity> CredentialActivity => Set<CredentialActivity>();
    public DbSet<CredentialListing> CredentialListings => Set<CredentialListing>();
    public DbSet<CredentialListingCount> CredentialListingCounts => Set<CredentialListingCount>();
    public DbSet<CredentialReminder> CredentialReminders => Set<CredentialReminder>();
    public DbSet<CredentialImport> CredentialImports => Set<CredentialImport>();

    public TenantContext Tenant => tenant;

    // Read through the context instance so EF parameterises it per query; null matches nothing (fail closed).
    private Guid? CurrentOrganizationId => tenant.OrganizationId;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly, t => t.Namespace == typeof(AppDb).Namespace + ".Configurations");

        foreach (var type in builder.Model.GetEntityTypes().Select(t => t.ClrType).Where(t => typeof(ITenantOwned).IsAssignableFrom(t)).ToList())
        {
            typeof(AppDb).GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                ?.MakeGenericMethod(type).Invoke(this, [builder]);
        }
        // Both parties of a connection see it; nobody else does.
        builder.Entity<ClientConnection>().HasQueryFilter(TenantFilter,
            c => c.ClientId == CurrentOrganizationId || c.ContractorId == CurrentOrganizationId);
        // An organisation reads its own lists only.
        builder.Entity<CredentialListing>().HasQueryFilter(TenantFilter, l => l.ViewerId == CurrentOrganizationId);
        builder.Entity<CredentialListingCount>().HasQueryFilter(TenantFilter, l => l.ViewerId == CurrentOrganizationId);

        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.FindProperty("Version") is { } version && version.ClrType == typeof(int))
                version.IsConcurrencyToken = true;
            // Ids come from Guid.CreateVersion7(now) in the domain, so a new child reached through a
            // navigation is an insert, not an update of a row EF assumes exists.
            if (entity.FindPrimaryKey()?.Properties is [{ ClrType: var keyType } key] && keyType == typeof(Guid))
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
        }
    }

    private void ApplyTenantFilter<T>(ModelBuilder builder) where T : class, ITenantOwned
    {
        Expression<Func<T, bool>> filter = e => e.OrganizationId == CurrentOrganizationId;
        builder.Entity<T>().HasQueryFilter(TenantFilter, filter);
    }

    /// <summary>Saves this row's version check and bump with the next save, so a concurrent change to it fails.</summary>
    public void BumpVersion(object entity) => Entry(entity).Property("Version").IsModified = true;

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var credential in ChangeTracker.Entries<Credential>().Select(e => e.Entity).ToList())
            CredentialActivity.AddRange(credential.TakeNewActivity());

        var wroteMail = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is ITenantOwned owned && owned.OrganizationId != tenant.OrganizationId)
                throw new InvalidOperationException(
                    $"Refusing to save {entry.Metadata.ClrType.Name} of organisation {owned.OrganizationId} while acting for {tenant.OrganizationId?.ToString() ?? "no organisation"}.");
            if (entry.Entity is ISharedByClientAndContractor shared && shared.ClientId != tenant.OrganizationId && shared.ContractorId != tenant.OrganizationId)
                throw new InvalidOperationException(
                    $"Refusing to save {entry.Metadata.ClrType.Name} between {shared.ClientId} and {shared.ContractorId} while acting for {tenant.OrganizationId?.ToString() ?? "no organisation"}.");
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { IsConcurrencyToken: true })
                entry.Property("Version").CurrentValue = (int)entry.Property("Version").CurrentValue! + 1;
            wroteMail |= entry.Entity is OutboxMessage && entry.State == EntityState.Added;
        }
        // Collected before the save: afterwards deleted rows are gone from the tracker.
        var listings = Listings.Collect(ChangeTracker);
        int written;
        if (listings.IsEmpty)
        {
            written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        else
        {
            await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            var refresh = await Listings.BeginRefreshAsync(this, listings, cancellationToken);
            written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await refresh.CompleteAsync(cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
        }
        if (wroteMail) outboxSignal.Notify();
        return written;
    }
}
