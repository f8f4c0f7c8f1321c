using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Users;

public sealed record AcceptInvitationRequest(string? FirstName, string? LastName, string? Password);
public sealed record AcceptInvitationResponse(Guid OrganizationId, Guid UserId, Guid? WorkerId = null, ManagementMode? ManagementMode = null);
public sealed record InvitationResponse(string OrganizationName, string Email, string? FirstName, string? LastName, Role? Role, InvitationPurpose Purpose, DateTimeOffset ExpiresAt, bool HasPassword);

/// <summary>
/// Opening an emailed link (R-U2): a used, replaced or expired link is 410 and changes nothing;
/// otherwise the person sets their name and password and becomes Active. A person who already has
/// a password confirms it instead of choosing a new one.
/// </summary>
public sealed class AcceptInvitation(AppDb db, People people, TimeProvider clock)
{
    public async Task<InvitationResponse> DescribeAsync(string token, CancellationToken ct)
    {
        var (invitation, user, membership) = await LoadAsync(token, ct);
        var organization = await db.Organizations.SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        return new InvitationResponse(organization.Name, user.Email!, user.FirstName, user.LastName, membership?.Role,
            invitation.Purpose, invitation.ExpiresAt, user.PasswordHash is not null);
    }

    public async Task<AcceptInvitationResponse> HandleAsync(string token, AcceptInvitationRequest request, CancellationToken ct)
    {
        var (invitation, user, membership) = await LoadAsync(token, ct);
        var now = clock.GetUtcNow();
        invitation.Use(now);

        var errors = new FieldErrors();
        var first = errors.Required("firstName", request.FirstName, 100);
        var last = errors.Required("lastName", request.LastName, 100);
        if (string.IsNullOrEmpty(request.Password)) errors.Add("password", "Required.");
        else if (user.PasswordHash is not null && !people.PasswordMatches(user, request.Password))
            errors.Add("password", "You already have a SiteReady account: enter its current password.");
        else if (user.PasswordHash is null)
            foreach (var problem in await people.PasswordProblemsAsync(user, request.Password)) errors.Add("password", problem);
        errors.ThrowIfAny();

        user.FirstName = first!;
        user.LastName = last!;
        if (user.PasswordHash is null) await people.SetPasswordAsync(user, request.Password!);
        Worker? worker = null;
        if (invitation.Purpose == InvitationPurpose.Worker)
        {
            // R-W3: activation by the link sets name and password → Active.
            worker = await db.Workers.SingleOrDefaultAsync(w => w.UserId == user.Id, ct)
                ?? throw new DomainException("invitation-revoked", "This invitation no longer applies.", DomainErrorKind.Gone);
            worker.Activate(now);
        }
        else if (membership is null)
            throw new DomainException("invitation-revoked", "This invitation no longer applies.", DomainErrorKind.Gone);
        else membership.Activate(now);
        await db.SaveChangesAsync(ct);
        return new AcceptInvitationResponse(invitation.OrganizationId, user.Id, worker?.Id, worker?.ManagementMode);
    }

    private async Task<(Invitation, AppUser, Membership?)> LoadAsync(string token, CancellationToken ct)
    {
        var invitation = await db.InvitationByTokenHashAsync(Ids.HashOf(token ?? ""), ct)
            ?? throw new DomainException("invitation-not-found", "This invitation link is not valid. Check you copied the whole link.", DomainErrorKind.NotFound);
        if (!invitation.IsUsableAt(clock.GetUtcNow()))
            invitation.Use(clock.GetUtcNow()); // throws the precise 410
        db.Tenant.Use(invitation.OrganizationId);
        var user = await db.Users.SingleAsync(u => u.Id == invitation.UserId, ct);
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == invitation.UserId && m.Status != MembershipStatus.Disabled, ct);
        return (invitation, user, membership);
    }
}
