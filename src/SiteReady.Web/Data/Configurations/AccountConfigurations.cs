using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.FirstName).HasMaxLength(100);
        b.Property(u => u.LastName).HasMaxLength(100);
        // The database default serves rows that existed before the column; new rows always write the value.
        b.Property(u => u.CredentialReminders).HasDefaultValue(true).HasSentinel(true);
        // R-U1: one account per email across the platform.
        b.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName("UX_Users_NormalizedEmail");
    }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("Organizations");
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.BusinessIdentifier).HasMaxLength(50);
        b.Property(o => o.TimeZone).HasMaxLength(100);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.ReminderDays).HasMaxLength(100).HasDefaultValue(SiteReady.Domain.Credentials.ReminderLadder.Default);
        b.HasIndex(o => new { o.Kind, o.Name });
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("Memberships");
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(30);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.StatusBeforeDisabled).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique();
        b.HasIndex(m => m.UserId);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(m => m.IsNotifiedActiveAdmin);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("Invitations");
        b.Property(i => i.Purpose).HasConversion<string>().HasMaxLength(30);
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.OrganizationId, i.UserId });
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> b)
    {
        b.ToTable("AccessRequests");
        b.Property(a => a.RequestedRole).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.RoleGranted).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Mobile).HasMaxLength(20);
        b.Property(a => a.DeclineReason).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.DeclineText).HasMaxLength(500);
        b.HasIndex(a => new { a.OrganizationId, a.Status, a.CreatedAt });
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.RequesterUserId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(a => a.IsDecided);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.Property(m => m.Kind).HasMaxLength(60);
        b.Property(m => m.ToAddress).HasMaxLength(256);
        b.Property(m => m.ToName).HasMaxLength(200);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.LastError).HasMaxLength(2000);
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}
