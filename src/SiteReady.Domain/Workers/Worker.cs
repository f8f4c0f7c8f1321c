namespace SiteReady.Domain.Workers;

public enum ManagementMode { SelfManaged, EmployerManaged }

public enum InviteStatus { Initial, Invited, Active, Disabled }

/// <summary>A contractor's worker (SPEC §3). The person's name, email and mobile live on their account.</summary>
public class Worker : ITenantOwned
{
    private readonly List<WorkerClientConnection> _clientConnections = [];

    private Worker() { }

    public Worker(Guid id, Guid contractorId, Guid userId, ManagementMode mode, Guid? createdByUserId, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = contractorId;
        UserId = userId;
        ManagementMode = mode;
        InviteStatus = InviteStatus.Initial;
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>The employer (a contractor).</summary>
    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public ManagementMode ManagementMode { get; set; }
    public InviteStatus InviteStatus { get; private set; }
    public InviteStatus? StatusBeforeDisabled { get; private set; }
    public Guid? CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ActivatedAt { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<WorkerClientConnection> ClientConnections => _clientConnections;

    /// <summary>R-W3: Initial → Invited, or Invited → Invited (a resend; the caller kills the old link).</summary>
    public void Invite()
    {
        switch (InviteStatus)
        {
            case InviteStatus.Initial or InviteStatus.Invited:
                InviteStatus = InviteStatus.Invited;
                break;
            case InviteStatus.Active:
                throw new DomainException("worker-already-active", "This worker has already activated their account.");
            default:
                throw new DomainException("worker-disabled", "This worker is disabled; reactivate them first.");
        }
    }

    /// <summary>R-W3: activation by the link.</summary>
    public void Activate(DateTimeOffset now)
    {
        if (InviteStatus == InviteStatus.Disabled)
            throw new DomainException("worker-disabled", "This worker is disabled.", DomainErrorKind.Gone);
        InviteStatus = InviteStatus.Active;
        ActivatedAt ??= now;
    }

    /// <summary>R-A3 and R-W4: a person who already has a password becomes an Active worker at once.</summary>
    public void ActivateExistingAccount(DateTimeOffset now)
    {
        InviteStatus = InviteStatus.Active;
        ActivatedAt = now;
    }

    /// <summary>R-W5: any status → Disabled; disabling twice is harmless.</summary>
    public void Disable()
    {
        if (InviteStatus == InviteStatus.Disabled) return;
        StatusBeforeDisabled = InviteStatus;
        InviteStatus = InviteStatus.Disabled;
    }

    /// <summary>R-W5: back to the previous status. Returns true when that is Invited (a fresh invitation is due).</summary>
    public bool Reactivate()
    {
        if (InviteStatus != InviteStatus.Disabled) return false;
        InviteStatus = StatusBeforeDisabled ?? InviteStatus.Initial;
        StatusBeforeDisabled = null;
        return InviteStatus == InviteStatus.Invited;
    }

    public WorkerClientConnection ConnectTo(Guid id, Guid clientId, IEnumerable<Guid> locationIds, DateTimeOffset now)
    {
        var existing = _clientConnections.SingleOrDefault(c => c.ClientId == clientId);
        if (existing is not null)
        {
            existing.SetLocations(locationIds);
            return existing;
        }
        var connection = new WorkerClientConnection(id, OrganizationId, Id, clientId, locationIds, now);
        _clientConnections.Add(connection);
        return connection;
    }

    public bool DisconnectFrom(Guid clientId) => _clientConnections.RemoveAll(c => c.ClientId == clientId) > 0;

    public void DisconnectFromAllClients() => _clientConnections.Clear();

    /// <summary>R-W4: customer care moves the worker to another contractor; client connections stay with the old employer.</summary>
    public void MoveTo(Guid contractorId)
    {
        if (_clientConnections.Count > 0)
            throw new InvalidOperationException("Disconnect the worker from the old employer's clients first.");
        OrganizationId = contractorId;
    }
}

/// <summary>Worker ↔ client, with zero or more of the client's locations (none = all of them).</summary>
public class WorkerClientConnection : ITenantOwned
{
    private WorkerClientConnection() { }

    internal WorkerClientConnection(Guid id, Guid contractorId, Guid workerId, Guid clientId, IEnumerable<Guid> locationIds, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = contractorId;
        WorkerId = workerId;
        ClientId = clientId;
        CreatedAt = now;
        SetLocations(locationIds);
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid WorkerId { get; private set; }
    public Guid ClientId { get; private set; }
    public List<Guid> LocationIds { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    internal void SetLocations(IEnumerable<Guid> locationIds) => LocationIds = locationIds.Distinct().ToList();
}
