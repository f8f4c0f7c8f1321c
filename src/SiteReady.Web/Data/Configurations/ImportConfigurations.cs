using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;

namespace SiteReady.Web.Data.Configurations;

internal sealed class CredentialImportConfiguration : IEntityTypeConfiguration<CredentialImport>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<CredentialImport> b)
    {
        b.ToTable("CredentialImports");
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Phase).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.DateFormat).HasMaxLength(40);
        b.Property(i => i.CsvFileName).HasMaxLength(255);
        b.Property(i => i.CsvStorageKey).HasMaxLength(200);
        b.Property(i => i.CsvSha256).HasMaxLength(64);
        b.Property(i => i.MediaFileName).HasMaxLength(255);
        b.Property(i => i.MediaStorageKey).HasMaxLength(200);
        b.Property(i => i.Message).HasMaxLength(1000);
        // The report is read and written whole, never queried: one JSON text column.
        b.Property(i => i.Errors)
            .HasField("_errors").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasConversion(new ValueConverter<IReadOnlyList<ImportRowError>, string>(
                    v => JsonSerializer.Serialize(v, Json),
                    v => JsonSerializer.Deserialize<List<ImportRowError>>(v, Json) ?? new List<ImportRowError>()),
                new ValueComparer<IReadOnlyList<ImportRowError>>(
                    (a, c) => a!.SequenceEqual(c!), v => v.Count, v => v.ToList()));
        // An organisation's imports, newest first; the runner's queue: unfinished imports, oldest first.
        b.HasIndex(i => new { i.OrganizationId, i.CreatedAt });
        b.HasIndex(i => new { i.Status, i.CreatedAt });
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
