namespace SiteReady.Web.Platform.Tenancy;

/// <summary>
/// The organisation the current request (or job step) acts for. Set once by the organisation
/// authorization handler from the route, or explicitly by a use case that creates an organisation's
/// first rows. Unset means no tenant-owned row is visible and none may be saved (fail closed).
/// </summary>
public sealed class TenantContext
{
    public Guid? OrganizationId { get; private set; }

    public void Use(Guid organizationId)
    {
        if (OrganizationId is { } current && current != organizationId)
            throw new InvalidOperationException("This scope already acts for another organisation.");
        OrganizationId = organizationId;
    }

    /// <summary>Switches organisation inside a system job or an anonymous flow that spans organisations.</summary>
    public void Switch(Guid? organizationId) => OrganizationId = organizationId;
}
