using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Data;

/// <summary>
/// The columns of a listing that the list filters without a worker, company, subject or location test:
/// <see cref="CredentialListing"/> and its kept counts share them, so one filter serves both.
/// </summary>
public interface IListingGroup
{
    Guid ViewerId { get; }
    bool IsArchived { get; }
    Guid CredentialTypeId { get; }
    Approval Approval { get; }
    DateOnly ExpiresOn { get; }
}

/// <summary>
/// How many <see cref="CredentialListing"/> rows one viewer has with one archived flag, type, approval and
/// expiry day. Derived data, kept by <see cref="Listings"/> in the same transaction as the listings, so a list
/// filtered by archive, type, status or expiry window gets its total, and the day its page starts on, from a
/// few thousand rows instead of counting a range of a million. No row has a count of 0.
/// </summary>
public sealed class CredentialListingCount : IListingGroup
{
    public Guid ViewerId { get; init; }
    public bool IsArchived { get; init; }
    public Guid CredentialTypeId { get; init; }
    public Approval Approval { get; init; }
    /// <summary>The expiry day, <see cref="CredentialListing.Never"/> for credentials that do not expire.</summary>
    public DateOnly ExpiresOn { get; init; }
    public int Count { get; init; }
}
