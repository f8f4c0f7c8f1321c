using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Data.Configurations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> b)
    {
        b.ToTable("Locations");
        b.Property(l => l.Name).HasMaxLength(200);
        b.Property(l => l.Address).HasMaxLength(500);
        b.Property(l => l.TimeZone).HasMaxLength(100);
        b.Property(l => l.CheckInMethod).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.QrSecret).HasMaxLength(64);
        b.HasIndex(l => l.QrSecret).IsUnique();
        b.HasIndex(l => new { l.OrganizationId, l.Name });
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClientConnectionConfiguration : IEntityTypeConfiguration<ClientConnection>
{
    public void Configure(EntityTypeBuilder<ClientConnection> b)
    {
        b.ToTable("ClientConnections");
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.DisconnectReason).HasMaxLength(500);
        b.HasIndex(c => new { c.ClientId, c.ContractorId }).IsUnique();
        b.HasIndex(c => c.ContractorId);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ContractorId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.IsConnected);
    }
}

internal sealed class WorkerConfiguration : IEntityTypeConfiguration<Worker>
{
    public void Configure(EntityTypeBuilder<Worker> b)
    {
        b.ToTable("Workers");
        b.Property(w => w.ManagementMode).HasConversion<string>().HasMaxLength(20);
        b.Property(w => w.InviteStatus).HasConversion<string>().HasMaxLength(20);
        b.Property(w => w.StatusBeforeDisabled).HasConversion<string>().HasMaxLength(20);
        // One employer at a time per person (R-W4).
        b.HasIndex(w => w.UserId).IsUnique();
        b.HasIndex(w => new { w.OrganizationId, w.InviteStatus });
        b.HasOne<Organization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(w => w.ClientConnections).WithOne().HasForeignKey(c => c.WorkerId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(w => w.ClientConnections).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class WorkerClientConnectionConfiguration : IEntityTypeConfiguration<WorkerClientConnection>
{
    public void Configure(EntityTypeBuilder<WorkerClientConnection> b)
    {
        b.ToTable("WorkerClientConnections");
        b.HasIndex(c => new { c.WorkerId, c.ClientId }).IsUnique();
        b.HasIndex(c => new { c.OrganizationId, c.ClientId });
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EmployerRequestConfiguration : IEntityTypeConfiguration<EmployerRequest>
{
    public void Configure(EntityTypeBuilder<EmployerRequest> b)
    {
        b.ToTable("EmployerRequests");
        b.Property(r => r.ManagementMode).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Mobile).HasMaxLength(20);
        b.Property(r => r.ClientConnections).HasMaxLength(4000);
        b.HasIndex(r => new { r.UserId, r.Status });
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TransferRequestConfiguration : IEntityTypeConfiguration<TransferRequest>
{
    public void Configure(EntityTypeBuilder<TransferRequest> b)
    {
        b.ToTable("TransferRequests");
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.RejectReason).HasMaxLength(500);
        b.HasIndex(t => new { t.Status, t.CreatedAt });
        b.HasOne<Worker>().WithMany().HasForeignKey(t => t.WorkerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.FromContractorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.ToContractorId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(t => t.IsOpen);
    }
}
