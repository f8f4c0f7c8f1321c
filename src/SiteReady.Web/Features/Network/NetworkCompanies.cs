using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Network;

public sealed record NetworkLocation(Guid Id, string Name);
public sealed record NetworkWorkerResponse(Guid Id, Guid CompanyId, string FirstName, string LastName, string Email, string? Mobile,
    InviteStatus InviteStatus, bool AllLocations, IReadOnlyList<NetworkLocation> Locations);
public sealed record NetworkCompanyResponse(Guid Id, string Name, IReadOnlyList<NetworkWorkerResponse> Workers);

/// <summary>
/// R-K6, seen from a client: a connected company (My network › Companies › company) and its workers who are
/// connected to this client, never its others. Anything outside the network is not found (404).
/// </summary>
public sealed class NetworkCompanies(AppDb db, Actor actor)
{
    private Guid Me => actor.OrganizationKind == OrganizationKind.Client
        ? actor.OrganizationId!.Value
        : throw new DomainException(Problems.NotFound, "Only clients have a network of companies.", DomainErrorKind.NotFound);

    public async Task<NetworkCompanyResponse> GetAsync(Guid companyId, CancellationToken ct)
    {
        var company = await db.NetworkCompanyAsync(Me, companyId, ct) ?? throw NotFound();
        var workers = await db.NetworkWorkersAsync(Me, companyId, ct: ct);
        return new NetworkCompanyResponse(company.Id, company.Name, await ToResponsesAsync(workers, ct));
    }

    public async Task<NetworkWorkerResponse> WorkerAsync(Guid companyId, Guid workerId, CancellationToken ct)
    {
        var worker = (await db.NetworkWorkersAsync(Me, companyId, workerId, ct)).SingleOrDefault() ?? throw NotFound();
        return (await ToResponsesAsync([worker], ct))[0];
    }

    /// <summary>Choices for a filter: the connected company's workers in this client's network.</summary>
    public async Task<IReadOnlyList<NetworkWorkerResponse>> WorkersAsync(Guid companyId, CancellationToken ct) =>
        await ToResponsesAsync(await db.NetworkWorkersAsync(Me, companyId, ct: ct), ct);

    private async Task<List<NetworkWorkerResponse>> ToResponsesAsync(IReadOnlyList<CrossTenant.NetworkWorkerView> workers, CancellationToken ct)
    {
        // The client's own locations, by the tenant filter.
        var names = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        return workers.Select(w => new NetworkWorkerResponse(w.Id, w.CompanyId, w.FirstName, w.LastName, w.Email, w.Mobile, w.InviteStatus,
                w.LocationIds.Count == 0,
                w.LocationIds.Where(names.ContainsKey).Select(id => new NetworkLocation(id, names[id])).OrderBy(l => l.Name).ToList()))
            .ToList();
    }

    private static DomainException NotFound() =>
        new(Problems.NotFound, "No such company or worker in your network.", DomainErrorKind.NotFound);
}
