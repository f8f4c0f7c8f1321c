using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;

namespace SiteReady.Web.Features.Workers;

public sealed record ClientConnectionChoice(Guid? ClientId, List<Guid>? LocationIds);
public sealed record AddWorkerRequest(string? FirstName, string? LastName, string? Email, string? Mobile, string? ManagementMode, List<ClientConnectionChoice>? ClientConnections);
public sealed record UpdateWorkerRequest(string? FirstName = null, string? LastName = null, string? Email = null, string? Mobile = null, string? ManagementMode = null);
public sealed record ListWorkersQuery(string? Q, string? InviteStatus, string? ManagementMode, Guid? ClientId, Guid? LocationId, string? Sort, int? Page, int? PageSize);

public sealed record WorkerLocation(Guid Id, string Name);
public sealed record WorkerClientConnectionResponse(Guid ClientId, string ClientName, IReadOnlyList<Guid> LocationIds, IReadOnlyList<WorkerLocation> Locations);
public sealed record WorkerResponse(
    Guid Id, string FirstName, string LastName, string Email, string? Mobile, ManagementMode ManagementMode, InviteStatus InviteStatus,
    Guid EmployerId, IReadOnlyList<WorkerClientConnectionResponse> ClientConnections, DateTimeOffset CreatedAt, bool PromptInvite = false);

public sealed record ClientLocation(Guid Id, string Name, CheckInMethod CheckInMethod);
public sealed record ClientChoice(Guid ClientId, string Name, IReadOnlyList<ClientLocation> Locations);
