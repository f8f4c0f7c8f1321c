using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Workers;

/// <summary>Loading workers of the current contractor and turning them into responses; checking client choices.</summary>
public sealed class WorkerRecords(AppDb db)
{
    public async Task<(Worker Worker, AppUser Person)> LoadAsync(Guid workerId, CancellationToken ct)
    {
        var row = await (from w in db.Workers.Include(w => w.ClientConnections)
                         join u in db.Users on w.UserId equals u.Id
                         where w.Id == workerId
                         select new { w, u }).SingleOrDefaultAsync(ct);
        return row is null
            ? throw new DomainException(Problems.NotFound, "No such worker in this organisation.", DomainErrorKind.NotFound)
            : (row.w, row.u);
    }

    public async Task<WorkerResponse> ToResponseAsync(Worker worker, AppUser person, CancellationToken ct, bool promptInvite = false) =>
        (await ToResponsesAsync([(worker, person)], ct)).Single() with { PromptInvite = promptInvite };

    public async Task<List<WorkerResponse>> ToResponsesAsync(IReadOnlyList<(Worker Worker, AppUser Person)> rows, CancellationToken ct)
    {
        var clientIds = rows.SelectMany(r => r.Worker.ClientConnections.Select(c => c.ClientId)).Distinct().ToList();
        var clientNames = await db.Organizations.Where(o => clientIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var locations = (await db.LocationsOfClientsAsync(clientIds, ct)).ToDictionary(l => l.Id);
        return rows.Select(r => new WorkerResponse(
            r.Worker.Id, r.Person.FirstName, r.Person.LastName, r.Person.Email!, r.Person.PhoneNumber, r.Worker.ManagementMode, r.Worker.InviteStatus,
            r.Worker.OrganizationId,
            r.Worker.ClientConnections.OrderBy(c => clientNames.GetValueOrDefault(c.ClientId)).Select(c => new WorkerClientConnectionResponse(
                c.ClientId, clientNames.GetValueOrDefault(c.ClientId, ""), c.LocationIds,
                c.LocationIds.Where(locations.ContainsKey).Select(id => new WorkerLocation(id, locations[id].Name)).ToList())).ToList(),
            r.Worker.CreatedAt)).ToList();
    }

    /// <summary>
    /// The clients this contractor is connected to, with their locations: what a worker can be
    /// connected to (the add form, the Clients tab) and what the workers list filters by.
    /// </summary>
    public async Task<List<ClientChoice>> ConnectedClientsAsync(CancellationToken ct)
    {
        var clients = await (from c in db.ClientConnections.AsNoTracking()
                             join o in db.Organizations on c.ClientId equals o.Id
                             where c.Status == ConnectionStatus.Connected
                             orderby o.Name
                             select new { o.Id, o.Name }).ToListAsync(ct);
        var locations = await db.LocationsOfClientsAsync(clients.Select(c => c.Id).ToList(), ct);
        return clients.Select(c => new ClientChoice(c.Id, c.Name, locations.Where(l => l.OrganizationId == c.Id)
            .Select(l => new ClientLocation(l.Id, l.Name, l.CheckInMethod)).ToList())).ToList();
    }

    /// <summary>
    /// Validates client choices: each client must be connected to this contractor and each location
    /// must be one of that client's. Returns the choices and the clients' locations (for R-W2).
    /// </summary>
    public async Task<(List<InvitationRule.ConnectionChoice> Choices, List<Location> Locations)> CheckChoicesAsync(
        IReadOnlyList<ClientConnectionChoice>? requested, FieldErrors errors, string fieldPrefix, CancellationToken ct)
    {
        var choices = new List<InvitationRule.ConnectionChoice>();
        if (requested is null || requested.Count == 0) return (choices, []);
        var connected = await db.ClientConnections.Where(c => c.Status == ConnectionStatus.Connected).Select(c => c.ClientId).ToListAsync(ct);
        var locations = await db.LocationsOfClientsAsync(connected, ct);
        for (var i = 0; i < requested.Count; i++)
        {
            var field = requested.Count == 1 && fieldPrefix == "" ? "" : $"{fieldPrefix}[{i}].";
            if (requested[i]?.ClientId is not { } clientId) { errors.Add($"{field}clientId", "Required."); continue; }
            if (!connected.Contains(clientId)) { errors.Add($"{field}clientId", "This client is not connected to your organisation."); continue; }
            if (choices.Any(c => c.ClientId == clientId)) { errors.Add($"{field}clientId", "This client is listed twice."); continue; }
            var locationIds = requested[i].LocationIds ?? [];
            if (locationIds.Any(id => !locations.Any(l => l.Id == id && l.OrganizationId == clientId)))
            {
                errors.Add($"{field}locationIds", "Each location must be one of this client's locations.");
                continue;
            }
            choices.Add(new InvitationRule.ConnectionChoice(clientId, locationIds.Distinct().ToList()));
        }
        return (choices, locations);
    }
}
