namespace SiteReady.Domain.Accounts;

public enum AccessRequestStatus { AccessRequested, Accepted, Declined }

public enum RequestedRole { Admin, Manager, Viewer, Worker }

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
    public string? DeclineReason { get; private set; }
    public string? DeclineText { get; private set; }
    public RequestedRole? RoleGranted { get; private set; }
    public int Version { get; set; }
}
