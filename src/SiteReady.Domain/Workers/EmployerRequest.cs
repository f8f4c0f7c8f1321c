namespace SiteReady.Domain.Workers;

public enum EmployerRequestStatus { Open, Accepted, Declined }

/// <summary>
/// R-W4: a contractor asked to employ a registered person who has no employer. The person accepts
/// (and becomes the contractor's worker) or declines. The contractor's choices are kept for the accept.
/// </summary>
public class EmployerRequest : ITenantOwned
{
    private EmployerRequest() { }

    public EmployerRequest(Guid id, Guid contractorId, Guid userId, ManagementMode mode, string? mobile, Guid requestedByUserId, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = contractorId;
        UserId = userId;
        ManagementMode = mode;
        Mobile = mobile;
        RequestedByUserId = requestedByUserId;
        Status = EmployerRequestStatus.Open;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public ManagementMode ManagementMode { get; private set; }
    public string? Mobile { get; private set; }
    /// <summary>Client connections the contractor chose, as "clientId:locationId,locationId;…".</summary>
    public string ClientConnections { get; set; } = "";
    public Guid RequestedByUserId { get; private set; }
    public EmployerRequestStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public int Version { get; set; }

    public void Accept(DateTimeOffset now) => Decide(EmployerRequestStatus.Accepted, now);

    public void Decline(DateTimeOffset now) => Decide(EmployerRequestStatus.Declined, now);

    private void Decide(EmployerRequestStatus status, DateTimeOffset now)
    {
        if (Status != EmployerRequestStatus.Open)
            throw new DomainException("employer-request-already-decided", "You have already answered this request.");
        Status = status;
        DecidedAt = now;
    }
}
