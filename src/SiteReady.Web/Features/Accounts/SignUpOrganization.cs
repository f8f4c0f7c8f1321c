using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Users;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

public sealed record SignUpAdmin(string? Email, string? FirstName, string? LastName, string? Password);
public sealed record SignUpRequest(string? Kind, string? Name, SignUpAdmin? Admin, string? TimeZone = null, string? BusinessIdentifier = null);
public sealed record SignUpResponse(Guid OrganizationId, Guid UserId);

/// <summary>
/// A client or contractor signs up; the first user is an Active Admin. An email that already has an
/// account gets the same answer (no enumeration): that person is invited as Admin by email instead,
/// and their existing password is left alone.
/// </summary>
public sealed class SignUpOrganization(AppDb db, People people, UserInvitations invitations, TimeProvider clock)
{
    public async Task<SignUpResponse> HandleAsync(SignUpRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var kind = errors.Enum<OrganizationKind>("kind", request.Kind);
        if (kind == OrganizationKind.Operator) errors.Add("kind", "Must be one of: client, contractor.");
        var name = errors.Required("name", request.Name);
        var timeZone = errors.Optional("timeZone", request.TimeZone, 100) ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)) errors.Add("timeZone", "Unknown IANA time zone, e.g. Australia/Perth.");
        var businessId = errors.Optional("businessIdentifier", request.BusinessIdentifier, 50);
        if (request.Admin is null) errors.Add("admin", "Required.");
        var email = errors.Email("admin.email", request.Admin?.Email);
        var first = errors.Required("admin.firstName", request.Admin?.FirstName, 100);
        var last = errors.Required("admin.lastName", request.Admin?.LastName, 100);
        if (string.IsNullOrEmpty(request.Admin?.Password)) errors.Add("admin.password", "Required.");
        else foreach (var problem in await people.PasswordProblemsAsync(new AppUser { Email = email }, request.Admin.Password)) errors.Add("admin.password", problem);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var organization = new Organization(Ids.New(clock), kind!.Value, name!, timeZone, now) { BusinessIdentifier = businessId };
        db.Organizations.Add(organization);
        db.Tenant.Use(organization.Id);

        var existing = await people.FindByEmailAsync(email!);
        if (existing is not null)
        {
            var invited = new Membership(Ids.New(clock), organization.Id, existing.Id, Role.Admin, MembershipStatus.Invited, now);
            db.Memberships.Add(invited);
            invitations.Send(organization, existing, Role.Admin, invitedBy: null);
            await db.SaveChangesAsync(ct);
            return new SignUpResponse(organization.Id, existing.Id);
        }

        var user = people.New(email!, first!, last!);
        await people.SetPasswordAsync(user, request.Admin!.Password!, "admin.password");
        var membership = new Membership(Ids.New(clock), organization.Id, user.Id, Role.Admin, MembershipStatus.Active, now);
        membership.Activate(now);
        db.Memberships.Add(membership);
        await db.SaveChangesAsync(ct);
        return new SignUpResponse(organization.Id, user.Id);
    }
}
