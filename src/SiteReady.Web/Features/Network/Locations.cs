using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Network;

public sealed record LocationRequest(string? Name, string? Address, string? TimeZone, string? CheckInMethod);
public sealed record LocationResponse(Guid Id, Guid ClientId, string Name, string? Address, string TimeZone, CheckInMethod CheckInMethod, DateTimeOffset CreatedAt);

/// <summary>A client's sites (minimal until the site-access feature): name, address, IANA time zone, check-in method.</summary>
public sealed class Locations(AppDb db, Actor actor, TimeProvider clock)
{
    public async Task<LocationResponse> AddAsync(LocationRequest request, CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Client)
            throw new DomainException("client-only", "Only clients have locations.", DomainErrorKind.Invalid);
        var errors = new FieldErrors();
        var name = errors.Required("name", request.Name);
        var address = errors.Optional("address", request.Address, 500);
        var timeZone = errors.Required("timeZone", request.TimeZone, 100);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            errors.Add("timeZone", "Unknown IANA time zone, e.g. Australia/Perth.");
        var method = errors.Enum<CheckInMethod>("checkInMethod", request.CheckInMethod);
        errors.ThrowIfAny();

        var location = new Location(Ids.New(clock), actor.OrganizationId!.Value, name!, address, timeZone!, method!.Value, Ids.NewSecret().Hash, clock.GetUtcNow());
        db.Locations.Add(location);
        await db.SaveChangesAsync(ct);
        return ToResponse(location);
    }

    public async Task<PageOf<LocationResponse>> ListAsync(int? page, int? pageSize, CancellationToken ct) =>
        await Paging.From(page, pageSize).ApplyAsync(db.Locations.AsNoTracking().OrderBy(l => l.Name), ToResponse, ct);

    public static LocationResponse ToResponse(Location l) => new(l.Id, l.OrganizationId, l.Name, l.Address, l.TimeZone, l.CheckInMethod, l.CreatedAt);
}
