using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Users;

/// <summary>Issues an organisation-user invitation (single use, 7 days) and queues its email in the same save.</summary>
public sealed class UserInvitations(AppDb db, AppLinks links, TimeProvider clock)
{
    public void Send(Organization organization, AppUser person, Role role, AppUser? invitedBy)
    {
        var now = clock.GetUtcNow();
        var (token, hash) = Ids.NewSecret();
        db.Invitations.Add(new Invitation(Ids.New(clock), organization.Id, person.Id, InvitationPurpose.OrganizationUser, hash, now));
        var who = invitedBy is null ? "You have been" : $"{invitedBy.DisplayName} has";
        db.Outbox.Add(Mail.Compose(Ids.New(clock), now, organization.Id, "user-invitation",
            person.Email!, person.FirstName, $"You're invited to {organization.Name} on SiteReady",
            [
                $"{who} invited you to join {organization.Name} on SiteReady as {RoleNames.Display(role)}.",
                "Open the link below to accept. It works once and expires in 7 days.",
            ],
            "Accept the invitation", links.To($"/invitations/{token}")));
    }

    /// <summary>Kills every open link of this person in this organisation (a resend or a disable).</summary>
    public async Task RevokeOpenAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = db.Invitations.Where(i => i.UserId == userId && i.UsedAt == null && i.RevokedAt == null);
        foreach (var invitation in await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(open, ct))
            invitation.Revoke(now);
    }
}

public static class RoleNames
{
    public static string Display(Role role) => role switch
    {
        Role.OperatorAdmin => "Operator admin",
        Role.ComplianceReviewer => "Compliance reviewer",
        Role.CustomerCare => "Customer care",
        _ => role.ToString(),
    };
}
