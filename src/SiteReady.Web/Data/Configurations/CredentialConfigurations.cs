using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;

namespace SiteReady.Web.Data.Configurations;

internal sealed class CredentialTypeConfiguration : IEntityTypeConfiguration<CredentialType>
{
    public void Configure(EntityTypeBuilder<CredentialType> b)
    {
        b.ToTable("CredentialTypes");
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Subject).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(t => new { t.OwnerOrganizationId, t.Name }).IsUnique();
        b.HasIndex(t => t.IsShared);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> b)
    {
        b.ToTable("Credentials");
        b.Property(c => c.Subject).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Approval).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.CredentialNumber).HasMaxLength(100);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Worker>().WithMany().HasForeignKey(c => c.WorkerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CredentialType>().WithMany().HasForeignKey(c => c.CredentialTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Versions).WithOne().HasForeignKey(v => v.CredentialId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(c => c.Latest);
        // A worker's credential of a type (adding, importing). Lists and reminders read CredentialListings, so the
        // owner and type keep only the indexes of their foreign keys: entries that new credentials append to, which
        // keeps a bulk import's inserts cheap.
        b.HasIndex(c => new { c.WorkerId, c.CredentialTypeId });
    }
}

internal sealed class CredentialVersionConfiguration : IEntityTypeConfiguration<CredentialVersion>
{
    public void Configure(EntityTypeBuilder<CredentialVersion> b)
    {
        b.ToTable("CredentialVersions");
        b.Property(v => v.Approval).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.CredentialNumber).HasMaxLength(100);
        b.Property(v => v.RejectReason).HasMaxLength(500);
        b.HasIndex(v => new { v.CredentialId, v.Number }).IsUnique();
        // The reviewers' queue: pending versions, oldest first. Only pending versions are in it, so versions that need
        // no review (most of a bulk import) cost no entry.
        b.HasIndex(v => new { v.CreatedAt, v.Id }).HasDatabaseName("IX_CredentialVersions_Pending").HasFilter("\"Approval\" = 'Pending'");
        b.HasMany(v => v.StoredFiles).WithOne().HasForeignKey(f => f.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(v => v.StoredFiles).HasField("_files").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(v => v.Files);
    }
}

internal sealed class CredentialFileConfiguration : IEntityTypeConfiguration<CredentialFile>
{
    public void Configure(EntityTypeBuilder<CredentialFile> b)
    {
        b.ToTable("CredentialFiles");
        b.Property(f => f.FileName).HasMaxLength(255);
        b.Property(f => f.ContentType).HasMaxLength(100);
        b.Property(f => f.StorageKey).HasMaxLength(200);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.HasIndex(f => f.VersionId);
    }
}

internal sealed class CredentialActivityConfiguration : IEntityTypeConfiguration<CredentialActivity>
{
    public void Configure(EntityTypeBuilder<CredentialActivity> b)
    {
        b.ToTable("CredentialActivity");
        // No foreign key to Credentials: the record of a deletion outlives the credential (R-K5).
        b.Property(a => a.Action).HasMaxLength(30);
        b.Property(a => a.Field).HasMaxLength(30);
        b.Property(a => a.From).HasMaxLength(1000);
        b.Property(a => a.To).HasMaxLength(1000);
        b.HasIndex(a => new { a.CredentialId, a.At });
    }
}

internal sealed class CredentialListingConfiguration : IEntityTypeConfiguration<CredentialListing>
{
    public void Configure(EntityTypeBuilder<CredentialListing> b)
    {
        b.ToTable("CredentialListings");
        // Credential first: the key is also the index of the foreign key, which finds a credential's listings to rewrite.
        b.HasKey(l => new { l.CredentialId, l.ViewerId });
        b.Property(l => l.Subject).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Approval).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.CredentialNumber).HasMaxLength(100);
        b.Property(l => l.FileName).HasMaxLength(255);
        b.HasOne<Credential>().WithMany().HasForeignKey(l => l.CredentialId).OnDelete(DeleteBehavior.Cascade);
        // One index per list shape, each ending in the sort key (expiry, then id) so a page is an index range:
        // the default order, expiring-within and the export; a type with or without status; a company.
        // Approval rides along so status filters need no row lookups.
        b.HasIndex(l => new { l.ViewerId, l.IsArchived, l.ExpiresOn, l.CredentialId, l.Approval }).HasDatabaseName("IX_CredentialListings_Expiry");
        b.HasIndex(l => new { l.ViewerId, l.IsArchived, l.CredentialTypeId, l.Approval, l.ExpiresOn, l.CredentialId }).HasDatabaseName("IX_CredentialListings_Type");
        // The company index holds clients' listings only: a contractor's own listings all have its own company, so for
        // them it would repeat the expiry index, and every credential written would pay for an entry nobody reads.
        b.HasIndex(l => new { l.ViewerId, l.OrganizationId, l.IsArchived, l.ExpiresOn, l.CredentialId }).HasDatabaseName("IX_CredentialListings_Company")
            .HasFilter("\"ViewerId\" <> \"OrganizationId\"");
        // The worker filter and rewriting a worker's listings; the credential's own listings are found by the key.
        b.HasIndex(l => l.WorkerId);
    }

    /// <summary>
    /// SQLite: the listings stored in list order, in a <c>WITHOUT ROWID</c> table keyed by the expiry index's columns, so a
    /// page and a whole-network export read neighbouring rows instead of one row lookup per listing, and a listing
    /// written costs one entry in that order instead of a row plus an index entry. The credential's listings are found
    /// by a unique index instead of the key. PostgreSQL keeps its heap and the expiry index (its tables cannot be kept
    /// clustered): there a row lookup is a buffer read, not a B-tree search.
    /// </summary>
    public static void StoreInListOrder(EntityTypeBuilder<CredentialListing> b)
    {
        var expiry = b.Metadata.GetIndexes().Single(i => i.GetDatabaseName() == "IX_CredentialListings_Expiry");
        b.Metadata.RemoveIndex(expiry);
        b.HasKey(l => new { l.ViewerId, l.IsArchived, l.ExpiresOn, l.CredentialId });
        b.HasIndex(l => new { l.CredentialId, l.ViewerId }).IsUnique();
        b.HasAnnotation(SqliteSchemaSqlGenerator.WithoutRowId, true);
    }
}

internal sealed class CredentialListingCountConfiguration : IEntityTypeConfiguration<CredentialListingCount>
{
    public void Configure(EntityTypeBuilder<CredentialListingCount> b)
    {
        b.ToTable("CredentialListingCounts");
        // The key orders the groups as the type index of the listings does: a viewer's list with or without a type
        // filter reads one key range. No foreign keys: the rows are rewritten with the listings they count.
        b.HasKey(c => new { c.ViewerId, c.IsArchived, c.CredentialTypeId, c.Approval, c.ExpiresOn });
        b.Property(c => c.Approval).HasConversion<string>().HasMaxLength(20);
        // Both carry the count, so a sum reads one index and no rows: by type (as the key), and by expiry day for
        // the filters without a type (status or expiring-within only), which the key cannot range over.
        b.HasIndex(c => new { c.ViewerId, c.IsArchived, c.CredentialTypeId, c.Approval, c.ExpiresOn, c.Count }).HasDatabaseName("IX_CredentialListingCounts_Type");
        b.HasIndex(c => new { c.ViewerId, c.IsArchived, c.ExpiresOn, c.Approval, c.CredentialTypeId, c.Count }).HasDatabaseName("IX_CredentialListingCounts_Expiry");
    }
}

internal sealed class CredentialReminderConfiguration : IEntityTypeConfiguration<CredentialReminder>
{
    public void Configure(EntityTypeBuilder<CredentialReminder> b)
    {
        b.ToTable("CredentialReminders");
        // At most one reminder per step and version, even with several app instances (R-N2, R-N4).
        b.HasIndex(r => new { r.CredentialId, r.VersionNumber, r.Step }).IsUnique();
        b.HasOne<Credential>().WithMany().HasForeignKey(r => r.CredentialId).OnDelete(DeleteBehavior.Cascade);
    }
}
