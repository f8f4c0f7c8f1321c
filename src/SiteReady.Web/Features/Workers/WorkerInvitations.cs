using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Workers;

/// <summary>
/// The worker invitation email (R-W2, R-W3): self-managed workers are asked to complete their
/// clients' requirements; employer-managed ones to get the check-in app and activate.
/// </summary>
public sealed class WorkerInvitations(AppDb db, AppLinks links, TimeProvider clock)
{
    public async Task SendAsync(Worker worker, AppUser person, CancellationToken ct)
    {
        await RevokeOpenAsync(worker.UserId, ct);
        var now = clock.GetUtcNow();
        var (token, hash) = Ids.NewSecret();
        db.Invitations.Add(new Invitation(Ids.New(clock), worker.OrganizationId, person.Id, InvitationPurpose.Worker, hash, now));

        var employer = await db.Organizations.Where(o => o.Id == worker.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var clientIds = worker.ClientConnections.Select(c => c.ClientId).ToList();
        var clients = await db.Organizations.Where(o => clientIds.Contains(o.Id)).OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(ct);
        var clientText = clients.Count == 0 ? "your clients" : string.Join(", ", clients);
        var link = links.To($"/invitations/{token}");

        var message = worker.ManagementMode == ManagementMode.SelfManaged
            ? Mail.Compose(Ids.New(clock), now, worker.OrganizationId, "worker-invitation-self-managed", person.Email!, person.FirstName,
                $"{employer} invited you to SiteReady: complete your requirements",
                [$"{employer} added you as a worker on SiteReady so you can work at {clientText}.",
                 "Activate your account, then upload the licences and certificates your clients require. You manage your own requirements.",
                 "The link works once and expires in 7 days."],
                "Activate and complete your requirements", link)
            : Mail.Compose(Ids.New(clock), now, worker.OrganizationId, "worker-invitation-employer-managed", person.Email!, person.FirstName,
                $"{employer} invited you to SiteReady: get the check-in app",
                [$"{employer} added you as a worker on SiteReady so you can check in at {clientText}.",
                 "Get the SiteReady check-in app and activate your account with the link below. Your employer keeps your licences and certificates up to date.",
                 "The link works once and expires in 7 days."],
                "Activate your account", link);
        db.Outbox.Add(message);
    }

    public async Task RevokeOpenAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var open in await db.Invitations.Where(i => i.UserId == userId && i.Purpose == InvitationPurpose.Worker && i.UsedAt == null && i.RevokedAt == null).ToListAsync(ct))
            open.Revoke(now);
    }
}
