using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Workers;

public sealed record PortalLocation(Guid Id, string Name, string? Address, CheckInMethod CheckInMethod);
public sealed record PortalClient(Guid ClientId, string Name, bool AllLocations, IReadOnlyList<PortalLocation> Locations);
public sealed record PortalResponse(
    Guid WorkerId, Guid EmployerId, string EmployerName, ManagementMode ManagementMode, InviteStatus InviteStatus,
    string FirstName, string LastName, string Email, string? Mobile, IReadOnlyList<PortalClient> Clients)
{
    /// <summary>R-W3: a self-managed worker completes their profile (a mobile) after activating.</summary>
    public bool NeedsProfile => Mobile is null;
    public bool UsesApp => Clients.Any(c => c.Locations.Any(l => l.CheckInMethod == CheckInMethod.App));
}
public sealed record CompleteProfileRequest(string? Mobile);
public sealed record ProfileResponse(string Email, string FirstName, string LastName, string? Mobile);

/// <summary>
/// The worker's own view (R-W3): their employer, clients and sites, and completing their profile.
/// The worker record belongs to the employer, so the request acts inside that organisation.
/// </summary>
public sealed class WorkerPortal(AppDb db, WorkerRecords records)
{
    /// <summary>The signed-in person's worker record, or null when no contractor employs them.</summary>
    public async Task<PortalResponse?> GetAsync(Guid userId, CancellationToken ct)
    {
        var own = await db.WorkerOfPersonAsync(userId, ct);
        if (own is null) return null;
        db.Tenant.Use(own.OrganizationId);
        var (worker, person) = await records.LoadAsync(own.Id, ct);
        var employer = await db.Organizations.Where(o => o.Id == worker.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var clientIds = worker.ClientConnections.Select(c => c.ClientId).ToList();
        var names = await db.Organizations.Where(o => clientIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var locations = await db.LocationsOfClientsAsync(clientIds, ct);
        var clients = worker.ClientConnections
            .Select(c => new PortalClient(c.ClientId, names.GetValueOrDefault(c.ClientId, ""), c.LocationIds.Count == 0,
                // No chosen locations means every location of that client (R-W2).
                locations.Where(l => l.OrganizationId == c.ClientId && (c.LocationIds.Count == 0 || c.LocationIds.Contains(l.Id)))
                    .Select(l => new PortalLocation(l.Id, l.Name, l.Address, l.CheckInMethod)).ToList()))
            .OrderBy(c => c.Name).ToList();
        return new PortalResponse(worker.Id, worker.OrganizationId, employer, worker.ManagementMode, worker.InviteStatus,
            person.FirstName, person.LastName, person.Email!, person.PhoneNumber, clients);
    }

    /// <summary>Sets the person's own mobile (E.164), which their employer and the check-in app use.</summary>
    public async Task<ProfileResponse> CompleteProfileAsync(Guid userId, CompleteProfileRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var mobile = string.IsNullOrWhiteSpace(request.Mobile) ? null : errors.Mobile("mobile", request.Mobile);
        if (string.IsNullOrWhiteSpace(request.Mobile)) errors.Add("mobile", "Required.");
        errors.ThrowIfAny();
        var person = await db.Users.SingleAsync(u => u.Id == userId, ct);
        person.PhoneNumber = mobile;
        await db.SaveChangesAsync(ct);
        return new ProfileResponse(person.Email!, person.FirstName, person.LastName, person.PhoneNumber);
    }
}
