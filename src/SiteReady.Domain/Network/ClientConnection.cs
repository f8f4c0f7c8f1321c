namespace SiteReady.Domain.Network;

public enum ConnectionStatus { Requested, Connected, Disconnected }

/// <summary>A row both parties own: the client and the contractor each see and act on it.</summary>
public interface ISharedByClientAndContractor
{
    Guid ClientId { get; }
    Guid ContractorId { get; }
}

/// <summary>Contractor ↔ client (SPEC §2): one side asks, the other accepts; either disconnects with a reason.</summary>
public class ClientConnection : ISharedByClientAndContractor
{
    private ClientConnection() { }

    public ClientConnection(Guid id, Guid clientId, Guid contractorId, Guid requestedByOrganizationId, DateTimeOffset now)
    {
        if (requestedByOrganizationId != clientId && requestedByOrganizationId != contractorId)
            throw new ArgumentException("Only a party may ask to connect.", nameof(requestedByOrganizationId));
        Id = id;
        ClientId = clientId;
        ContractorId = contractorId;
        RequestedByOrganizationId = requestedByOrganizationId;
        Status = ConnectionStatus.Requested;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ClientId { get; private set; }
    public Guid ContractorId { get; private set; }
    public Guid RequestedByOrganizationId { get; private set; }
    public ConnectionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ConnectedAt { get; private set; }
    public DateTimeOffset? DisconnectedAt { get; private set; }
    public Guid? DisconnectedByOrganizationId { get; private set; }
    public string? DisconnectReason { get; private set; }
    public int Version { get; set; }

    public bool IsConnected => Status == ConnectionStatus.Connected;

    public Guid OtherParty(Guid organizationId) => organizationId == ClientId ? ContractorId : ClientId;

    /// <summary>Only the side that did not ask accepts.</summary>
    public void Accept(Guid byOrganizationId, DateTimeOffset now)
    {
        if (Status == ConnectionStatus.Connected) return;
        if (Status != ConnectionStatus.Requested)
            throw new DomainException("connection-not-requested", "This connection was disconnected; ask to connect again.");
        if (byOrganizationId == RequestedByOrganizationId)
            throw new DomainException("connection-awaiting-other-party", "The other organisation must accept this request.");
        Status = ConnectionStatus.Connected;
        ConnectedAt = now;
    }

    public void Disconnect(Guid byOrganizationId, string reason, DateTimeOffset now)
    {
        if (Status == ConnectionStatus.Disconnected) return;
        Status = ConnectionStatus.Disconnected;
        DisconnectedAt = now;
        DisconnectedByOrganizationId = byOrganizationId;
        DisconnectReason = reason;
    }

    /// <summary>Asking again after a disconnection reopens the same row.</summary>
    public void RequestAgain(Guid byOrganizationId, DateTimeOffset now)
    {
        if (Status != ConnectionStatus.Disconnected) return;
        Status = ConnectionStatus.Requested;
        RequestedByOrganizationId = byOrganizationId;
        CreatedAt = now;
        DisconnectedAt = null;
        DisconnectedByOrganizationId = null;
        DisconnectReason = null;
    }
}
