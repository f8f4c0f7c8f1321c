using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Data;

/// <summary>
/// A credential as it appears in one organisation's credential lists: once for its contractor and once
/// for every client in whose network it is (R-K6). Derived data, written only by
/// <see cref="Listings"/> on every save that can change it, so that a list, its total and a
/// CSV export of a million credentials read one table through one index, without checking connections
/// row by row. <see cref="CrossTenant.CredentialsVisibleTo"/> stays the rule; a test rebuilds this
/// table from it and compares.
/// </summary>
public sealed class CredentialListing : IListingGroup
{
    /// <summary>The organisation whose lists show the credential: its contractor, or a client.</summary>
    public Guid ViewerId { get; init; }
    public Guid CredentialId { get; init; }
    /// <summary>The contractor that owns the credential.</summary>
    public Guid OrganizationId { get; init; }
    public CredentialSubject Subject { get; init; }
    public Guid? WorkerId { get; init; }
    public Guid CredentialTypeId { get; init; }
    public bool IsArchived { get; init; }
    public Approval Approval { get; init; }
    public DateOnly? IssueOn { get; init; }
    public DateOnly? ExpiryOn { get; init; }
    /// <summary>The expiry date, or <see cref="Never"/> for a credential that does not expire: a key that filters and sorts in one index range.</summary>
    public DateOnly ExpiresOn { get; init; }
    public string? CredentialNumber { get; init; }
    public int LatestVersionNumber { get; init; }
    /// <summary>The name of the latest version's first file (the export's file column).</summary>
    public string? FileName { get; init; }

    public static readonly DateOnly Never = DateOnly.MaxValue;
}
