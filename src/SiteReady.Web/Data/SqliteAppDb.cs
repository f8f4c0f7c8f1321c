using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SiteReady.Web.Data.Configurations;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Data;

public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options, TenantContext tenant, OutboxSignal outboxSignal)
    : AppDb(options, tenant, outboxSignal)
{
    protected override void OnConfiguring(DbContextOptionsBuilder options) =>
        options.ReplaceService<IMigrationsSqlGenerator, SqliteSchemaSqlGenerator>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        CredentialListingConfiguration.StoreInListOrder(builder.Entity<CredentialListing>());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        // SQLite has no instant type: store UTC ticks so comparisons and ordering happen in SQL.
        builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        builder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
