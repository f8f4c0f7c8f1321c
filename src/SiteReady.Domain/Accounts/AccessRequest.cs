namespace SiteReady.Domain.Accounts;

public enum AccessRequestStatus { AccessRequested, Accepted, Declined }

public enum RequestedRole { Admin, Manager, Viewer, Worker }

/// <summary>R-A4's fixed list of reasons to decline, plus Other with text.</summary>
public enum DeclineReason { NotAnEmployee, WrongOrganization, DuplicateRequest, NoLongerEmployed, Other }

/// <summary>A self-registered person claims an organisation as employer (R-A1).</summary>
public class AccessRequest : ITenantOwned
{
    private AccessRequest() { }

    public AccessRequest(Guid id, Guid organizationId, Guid requesterUserId, RequestedRole requestedRole, string? mobile, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = organizationId;
        RequesterUserId = requesterUserId;
        RequestedRole = requestedRole;
        Mobile = mobile;
        CreatedAt = now;
        Status = AccessRequestStatus.AccessRequested;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid RequesterUserId { get; private set; }
    public RequestedRole RequestedRole { get; private set; }
    public string? Mobile { get; private set; }
    public AccessRequestStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DeclineReason? DeclineReason { get; private set; }
    public string? DeclineText { get; private set; }
    public RequestedRole? RoleGranted { get; private set; }
    public int Version { get; set; }

    public bool IsDecided => Status != AccessRequestStatus.AccessRequested;

    /// <summary>R-A3: the role defaults to the requested one; a Worker needs a mobile from the request or the decision.</summary>
    public RequestedRole Accept(RequestedRole? role, string? mobile, Guid byUserId, DateTimeOffset now)
    {
        EnsureOpen();
        var granted = role ?? RequestedRole;
        if (granted == RequestedRole.Worker && string.IsNullOrWhiteSpace(mobile ?? Mobile))
            throw new DomainException("mobile-required", "A worker needs a mobile number: enter one to accept as Worker.", DomainErrorKind.Invalid);
        if (mobile is not null) Mobile = mobile;
        Status = AccessRequestStatus.Accepted;
        RoleGranted = granted;
        DecidedAt = now;
        DecidedByUserId = byUserId;
        return granted;
    }

    /// <summary>R-A4: a reason from the list, or Other with 1–500 characters of text.</summary>
    public void Decline(DeclineReason reason, string? otherText, Guid byUserId, DateTimeOffset now)
    {
        EnsureOpen();
        var text = otherText?.Trim();
        if (reason == Accounts.DeclineReason.Other && string.IsNullOrEmpty(text))
            throw new DomainException("decline-text-required", "Say why the request is declined when choosing Other.", DomainErrorKind.Invalid);
        if (text is { Length: > 500 })
            throw new DomainException("decline-text-too-long", "The reason may be at most 500 characters.", DomainErrorKind.Invalid);
        Status = AccessRequestStatus.Declined;
        DeclineReason = reason;
        DeclineText = reason == Accounts.DeclineReason.Other ? text : null;
        DecidedAt = now;
        DecidedByUserId = byUserId;
    }

    /// <summary>R-A5: decisions are final.</summary>
    private void EnsureOpen()
    {
        if (IsDecided)
            throw new DomainException("access-request-already-decided", "This access request has already been decided; the decision cannot be changed.");
    }
}
