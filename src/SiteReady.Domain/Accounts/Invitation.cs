namespace SiteReady.Domain.Accounts;

public enum InvitationPurpose { OrganizationUser, Worker }

/// <summary>A single-use link sent by email; only the SHA-256 of its token is stored (R-U2, R-W3).</summary>
public class Invitation : ITenantOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private Invitation() { }

    public Invitation(Guid id, Guid organizationId, Guid userId, InvitationPurpose purpose, string tokenHash, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = organizationId;
        UserId = userId;
        Purpose = purpose;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public InvitationPurpose Purpose { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    /// <summary>Set when a newer invitation replaced this one or the user was disabled; the link is dead.</summary>
    public DateTimeOffset? RevokedAt { get; private set; }
    public int Version { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => UsedAt is null && RevokedAt is null && now < ExpiresAt;

    public void Use(DateTimeOffset now)
    {
        if (UsedAt is not null)
            throw new DomainException("invitation-used", "This invitation link has already been used.", DomainErrorKind.Gone);
        if (RevokedAt is not null)
            throw new DomainException("invitation-revoked", "This invitation link has been replaced by a newer one. Use the link in the latest email.", DomainErrorKind.Gone);
        if (now >= ExpiresAt)
            throw new DomainException("invitation-expired", "This invitation link has expired. Ask your administrator to send a new one.", DomainErrorKind.Gone);
        UsedAt = now;
    }

    public void Revoke(DateTimeOffset now)
    {
        if (UsedAt is null && RevokedAt is null) RevokedAt = now;
    }
}
