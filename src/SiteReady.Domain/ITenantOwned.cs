namespace SiteReady.Domain;

/// <summary>A row that belongs to exactly one organisation; the data layer filters and guards it by <see cref="OrganizationId"/>.</summary>
public interface ITenantOwned
{
    Guid OrganizationId { get; }
}
