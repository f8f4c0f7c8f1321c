using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Users;

public sealed record UserResponse(Guid Id, string Email, string FirstName, string LastName, string? Mobile, Role Role, MembershipStatus Status, bool SendNotifications, DateTimeOffset CreatedAt, bool CredentialReminders = true);
public sealed record InviteUserRequest(string? Email, string? Role, string? FirstName = null, string? LastName = null);
public sealed record UpdateUserRequest(string? Role = null, bool? SendNotifications = null, string? FirstName = null, string? LastName = null, string? Mobile = null, bool? CredentialReminders = null);
public sealed record ListUsersQuery(string? Q, string? Role, string? Status, int? Page, int? PageSize);

/// <summary>The people of one organisation and what an Admin may do with them (R-U2, R-U3). The tenant filter scopes every query.</summary>
public sealed class OrganizationUsers(AppDb db, People people, UserInvitations invitations, Actor actor, TimeProvider clock)
{
    public async Task<PageOf<UserResponse>> ListAsync(ListUsersQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var role = errors.Enum<Role>("role", query.Role, required: false);
        var status = errors.Enum<MembershipStatus>("status", query.Status, required: false);
        errors.ThrowIfAny();
        var paging = Paging.From(query.Page, query.PageSize);

        var rows = from m in db.Memberships
                   join u in db.Users on m.UserId equals u.Id
                   select new { m, u };
        if (role is { } r) rows = rows.Where(x => x.m.Role == r);
        if (status is { } s) rows = rows.Where(x => x.m.Status == s);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim().ToLower();
            rows = rows.Where(x => x.u.Email!.ToLower().Contains(q) || (x.u.FirstName + " " + x.u.LastName).ToLower().Contains(q));
        }
        return await paging.ApplyAsync(rows.OrderBy(x => x.u.FirstName).ThenBy(x => x.u.LastName).ThenBy(x => x.u.Email), x => ToResponse(x.m, x.u), ct);
    }

    public async Task<UserResponse> GetAsync(Guid userId, CancellationToken ct)
    {
        var (membership, user) = await LoadAsync(userId, ct);
        return ToResponse(membership, user);
    }

    public async Task<UserResponse> InviteAsync(InviteUserRequest request, CancellationToken ct)
    {
        var organization = await CurrentOrganizationAsync(ct);
        var errors = new FieldErrors();
        var email = errors.Email("email", request.Email);
        var role = errors.Enum<Role>("role", request.Role);
        if (role is { } r && !r.IsAllowedIn(organization.Kind)) errors.Add("role", "This role is not available in this organisation.");
        var first = errors.Optional("firstName", request.FirstName, 100) ?? "";
        var last = errors.Optional("lastName", request.LastName, 100) ?? "";
        errors.ThrowIfAny();

        var person = await people.FindByEmailAsync(email!);
        if (person is not null && await db.Memberships.AnyAsync(m => m.UserId == person.Id, ct))
            throw new DomainException(Problems.UserAlreadyMember, $"{email} is already a user of {organization.Name}.");
        person ??= people.New(email!, first, last);

        var membership = new Membership(Ids.New(clock), organization.Id, person.Id, role!.Value, MembershipStatus.Invited, clock.GetUtcNow());
        db.Memberships.Add(membership);
        invitations.Send(organization, person, role.Value, await db.Users.FindAsync([actor.UserId], ct));
        await db.SaveChangesAsync(ct);
        return ToResponse(membership, person);
    }

    /// <summary>Invited → Invited with a new link; the old one stops working (as for workers, R-W3).</summary>
    public async Task<UserResponse> ResendInvitationAsync(Guid userId, CancellationToken ct)
    {
        var (membership, user) = await LoadAsync(userId, ct);
        if (membership.Status != MembershipStatus.Invited)
            throw new DomainException("user-not-invited", "Only users who have not accepted their invitation can be sent a new one.");
        await invitations.RevokeOpenAsync(userId, ct);
        invitations.Send(await CurrentOrganizationAsync(ct), user, membership.Role, await db.Users.FindAsync([actor.UserId], ct));
        await db.SaveChangesAsync(ct);
        return ToResponse(membership, user);
    }

    public async Task<UserResponse> UpdateAsync(Guid userId, UpdateUserRequest request, CancellationToken ct)
    {
        var (membership, user) = await LoadAsync(userId, ct);
        var organization = await CurrentOrganizationAsync(ct);
        var errors = new FieldErrors();
        var role = errors.Enum<Role>("role", request.Role, required: false);
        var first = request.FirstName is null ? null : errors.Required("firstName", request.FirstName, 100);
        var last = request.LastName is null ? null : errors.Required("lastName", request.LastName, 100);
        var mobile = errors.Mobile("mobile", request.Mobile);
        errors.ThrowIfAny();

        var members = await MembersForGuardAsync(organization, ct);
        if (role is { } r) membership.ChangeRole(r, organization.Kind, members);
        if (request.SendNotifications is { } on) membership.SetSendNotifications(on, members);
        if (first is not null) user.FirstName = first;
        if (last is not null) user.LastName = last;
        if (mobile is not null) user.PhoneNumber = mobile;
        if (request.CredentialReminders is { } reminders) user.CredentialReminders = reminders; // R-N3: admins may set it for their users
        await db.SaveChangesAsync(ct);
        return ToResponse(membership, user);
    }

    public async Task<UserResponse> DisableAsync(Guid userId, CancellationToken ct)
    {
        var (membership, user) = await LoadAsync(userId, ct);
        if (membership.Status == MembershipStatus.Disabled) return ToResponse(membership, user);
        membership.Disable(await MembersForGuardAsync(await CurrentOrganizationAsync(ct), ct));
        await invitations.RevokeOpenAsync(userId, ct);
        People.EndSessions(user);
        await db.SaveChangesAsync(ct);
        return ToResponse(membership, user);
    }

    /// <summary>R-U2: back to the state before disabling; an Invited user gets a fresh link.</summary>
    public async Task<UserResponse> ReactivateAsync(Guid userId, CancellationToken ct)
    {
        var (membership, user) = await LoadAsync(userId, ct);
        if (membership.Status != MembershipStatus.Disabled) return ToResponse(membership, user);
        membership.Reactivate();
        if (membership.Status == MembershipStatus.Invited)
            invitations.Send(await CurrentOrganizationAsync(ct), user, membership.Role, await db.Users.FindAsync([actor.UserId], ct));
        await db.SaveChangesAsync(ct);
        return ToResponse(membership, user);
    }

    private async Task<(Membership, AppUser)> LoadAsync(Guid userId, CancellationToken ct)
    {
        var row = await (from m in db.Memberships
                         join u in db.Users on m.UserId equals u.Id
                         where m.UserId == userId
                         select new { m, u }).SingleOrDefaultAsync(ct);
        return row is null
            ? throw new DomainException(Problems.NotFound, "No such user in this organisation.", DomainErrorKind.NotFound)
            : (row.m, row.u);
    }

    private async Task<Organization> CurrentOrganizationAsync(CancellationToken ct) =>
        await db.Organizations.SingleAsync(o => o.Id == db.Tenant.OrganizationId, ct);

    // R-U3 is checked against every member; touching the organisation's version makes two concurrent
    // changes conflict instead of both passing the check and leaving no notified admin.
    private async Task<IReadOnlyCollection<Membership>> MembersForGuardAsync(Organization organization, CancellationToken ct)
    {
        db.BumpVersion(organization);
        return await db.Memberships.ToListAsync(ct);
    }

    private static UserResponse ToResponse(Membership m, AppUser u) =>
        new(u.Id, u.Email!, u.FirstName, u.LastName, u.PhoneNumber, m.Role, m.Status, m.SendNotifications, m.CreatedAt, u.CredentialReminders);
}
