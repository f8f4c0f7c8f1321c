using SiteReady.Domain.Network;

namespace SiteReady.Domain.Workers;

/// <summary>
/// R-W2: a worker is invited at once when any client location they are connected to checks in with
/// the App; a connection with no chosen locations covers all of that client's locations.
/// </summary>
public static class InvitationRule
{
    public sealed record ConnectionChoice(Guid ClientId, IReadOnlyCollection<Guid> LocationIds);

    public static bool NeedsAppInvitation(IEnumerable<ConnectionChoice> connections, IReadOnlyCollection<Location> clientLocations) =>
        connections.Any(c => clientLocations
            .Where(l => l.OrganizationId == c.ClientId && (c.LocationIds.Count == 0 || c.LocationIds.Contains(l.Id)))
            .Any(l => l.CheckInMethod == CheckInMethod.App));
}
