using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Network;

public sealed record ConnectClientRequest(Guid? ClientId);
public sealed record ConnectContractorRequest(Guid? ContractorId);
public sealed record DisconnectRequest(string? Reason);
public sealed record ConnectionResponse(Guid ConnectionId, Guid OrganizationId, string Name, ConnectionStatus Status, bool AwaitingUs, string? DisconnectReason);

/// <summary>
/// Contractor ↔ client connections: one side asks, the other accepts, either disconnects with a reason.
/// Both parties see the row through the tenant filter (a connection is shared by its two organisations).
/// </summary>
public sealed class Connections(AppDb db, Actor actor, AppLinks links, TimeProvider clock)
{
    private Guid Me => actor.OrganizationId!.Value;

    /// <summary>Asks <paramref name="otherId"/> to connect; the current organisation must be the other kind.</summary>
    public async Task<ConnectionResponse> RequestAsync(Guid? otherId, string field, CancellationToken ct)
    {
        var myKind = actor.OrganizationKind!.Value;
        var wanted = myKind == OrganizationKind.Contractor ? OrganizationKind.Client : OrganizationKind.Contractor;
        if (myKind is not (OrganizationKind.Client or OrganizationKind.Contractor))
            throw new DomainException("not-a-party", "Only clients and contractors connect.", DomainErrorKind.Invalid);
        if (otherId is null) throw RequestValidationException.For(field, "Required.");
        var other = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == otherId && o.Kind == wanted, ct)
            ?? throw RequestValidationException.For(field, $"No {wanted.ToString().ToLowerInvariant()} with this id.");

        var (clientId, contractorId) = myKind == OrganizationKind.Client ? (Me, other.Id) : (other.Id, Me);
        var now = clock.GetUtcNow();
        var connection = await db.ClientConnections.SingleOrDefaultAsync(c => c.ClientId == clientId && c.ContractorId == contractorId, ct);
        if (connection is null)
        {
            connection = new ClientConnection(Ids.New(clock), clientId, contractorId, Me, now);
            db.ClientConnections.Add(connection);
        }
        else if (connection.Status == ConnectionStatus.Disconnected) connection.RequestAgain(Me, now);
        else if (connection.Status == ConnectionStatus.Requested && connection.RequestedByOrganizationId != Me) connection.Accept(Me, now);
        else throw new DomainException("connection-exists", $"You are already connected to {other.Name}, or waiting for them to accept.");

        if (connection.Status == ConnectionStatus.Requested)
            await NotifyAdminsAsync(other.Id, $"{(await MyNameAsync(ct))} wants to connect on SiteReady",
                [$"{await MyNameAsync(ct)} asked to connect with {other.Name}. Once you accept, workers can be connected to your {(wanted == OrganizationKind.Client ? "sites" : "organisation")}."],
                ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(connection, other.Name);
    }

    public async Task<ConnectionResponse> AcceptAsync(Guid connectionId, CancellationToken ct, OrganizationKind side)
    {
        var (connection, other) = await LoadAsync(connectionId, ct, side);
        connection.Accept(Me, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ToResponse(connection, other.Name);
    }

    public async Task<ConnectionResponse> DisconnectAsync(Guid connectionId, DisconnectRequest request, CancellationToken ct, OrganizationKind side)
    {
        var (connection, other) = await LoadAsync(connectionId, ct, side);
        var errors = new FieldErrors();
        var reason = errors.Required("reason", request.Reason, 500);
        errors.ThrowIfAny();
        connection.Disconnect(Me, reason!, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ToResponse(connection, other.Name);
    }

    public async Task<PageOf<ConnectionResponse>> ListAsync(string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = errors.Enum<ConnectionStatus>("status", status, required: false);
        errors.ThrowIfAny();
        var query = from c in db.ClientConnections.AsNoTracking()
                    join o in db.Organizations on (c.ClientId == Me ? c.ContractorId : c.ClientId) equals o.Id
                    select new { c, o.Name };
        if (parsed is { } s) query = query.Where(x => x.c.Status == s);
        return await Paging.From(page, pageSize).ApplyAsync(query.OrderBy(x => x.Name), x => ToResponse(x.c, x.Name), ct);
    }

    private async Task<(ClientConnection, Organization)> LoadAsync(Guid connectionId, CancellationToken ct, OrganizationKind side)
    {
        var connection = await db.ClientConnections.SingleOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new DomainException(Problems.NotFound, "No such connection.", DomainErrorKind.NotFound);
        if (actor.OrganizationKind != side)
            throw new DomainException("wrong-organization-kind", $"Only a {side.ToString().ToLowerInvariant()} organisation can do this.", DomainErrorKind.Invalid);
        var other = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == connection.OtherParty(Me), ct);
        return (connection, other);
    }

    private async Task<string> MyNameAsync(CancellationToken ct) =>
        await db.Organizations.Where(o => o.Id == Me).Select(o => o.Name).SingleAsync(ct);

    private async Task NotifyAdminsAsync(Guid organizationId, string subject, string[] paragraphs, CancellationToken ct)
    {
        foreach (var admin in await db.NotifiedAdminsOfAsync(organizationId, ct))
            db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), organizationId, "connection-requested", admin.Email, admin.FirstName,
                subject, paragraphs, "Review connections", links.To($"/orgs/{organizationId}")));
    }

    private ConnectionResponse ToResponse(ClientConnection c, string otherName) =>
        new(c.Id, c.OtherParty(Me), otherName, c.Status, c.Status == ConnectionStatus.Requested && c.RequestedByOrganizationId != Me, c.DisconnectReason);
}
