using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

public sealed record RegisterRequest(string? Email, string? FirstName, string? LastName, string? Password, string? Mobile, Guid? EmployerId, string? RequestedRole);
public sealed record RegisterResponse(Guid UserId, Guid AccessRequestId);

/// <summary>
/// R-A1: a person self-registers and claims an employer; the employer's Active Admins with
/// notifications on are emailed. An email that already has an account gets the same answer and its
/// password is left alone (no enumeration); the owner is told by email.
/// </summary>
public sealed class Register(AppDb db, People people, AppLinks links, TimeProvider clock)
{
    public async Task<RegisterResponse> HandleAsync(RegisterRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = errors.Email("email", request.Email);
        var first = errors.Required("firstName", request.FirstName, 100);
        var last = errors.Required("lastName", request.LastName, 100);
        var mobile = errors.Mobile("mobile", request.Mobile);
        var role = errors.Enum<RequestedRole>("requestedRole", request.RequestedRole, required: false) ?? RequestedRole.Worker;
        if (string.IsNullOrEmpty(request.Password)) errors.Add("password", "Required.");
        else foreach (var problem in await people.PasswordProblemsAsync(new AppUser { Email = email }, request.Password)) errors.Add("password", problem);
        if (request.EmployerId is null) errors.Add("employerId", "Choose your employer.");
        errors.ThrowIfAny();

        var employer = await db.Organizations.SingleOrDefaultAsync(o => o.Id == request.EmployerId && o.Kind != OrganizationKind.Operator, ct)
            ?? throw new DomainException("organization-not-found", "That organisation does not exist.", DomainErrorKind.NotFound);
        db.Tenant.Use(employer.Id);
        var now = clock.GetUtcNow();

        var person = await people.FindByEmailAsync(email!);
        if (person is not null)
        {
            if (await db.Memberships.AnyAsync(m => m.UserId == person.Id, ct))
                throw new DomainException("already-a-member", $"You are already a user of {employer.Name}. Sign in instead.");
            if (await db.AccessRequests.AnyAsync(a => a.RequesterUserId == person.Id && a.Status == AccessRequestStatus.AccessRequested, ct))
                throw new DomainException("access-request-pending", $"You have already asked {employer.Name} for access; an administrator will decide.");
            db.Outbox.Add(Mail.Compose(Ids.New(clock), now, employer.Id, "access-request-existing-account", person.Email!, person.FirstName,
                $"Access to {employer.Name} was requested with your email",
                [$"Someone asked {employer.Name} for access to SiteReady with this email address. You already have an account, so its password is unchanged.",
                 "If this was you, an administrator will review the request. If it was not, you can ignore this email."],
                "Sign in", links.To("/login")));
        }
        else
        {
            person = people.New(email!, first!, last!);
            person.PhoneNumber = mobile;
            await people.SetPasswordAsync(person, request.Password!);
        }

        var accessRequest = new AccessRequest(Ids.New(clock), employer.Id, person.Id, role, mobile ?? person.PhoneNumber, now);
        db.AccessRequests.Add(accessRequest);
        var admins = await db.NotifiedAdminsOfAsync(employer.Id, ct);
        foreach (var admin in admins)
            db.Outbox.Add(Mail.Compose(Ids.New(clock), now, employer.Id, "access-request-received", admin.Email, admin.FirstName,
                $"{first} {last} asked for access to {employer.Name}",
                [$"{first} {last} ({email}) registered on SiteReady and says they work for {employer.Name}. They asked for the role {role}.",
                 "Review the request to accept or decline it. The decision cannot be changed later."],
                "Review access requests", links.To($"/orgs/{employer.Id}/access-requests/{accessRequest.Id}")));
        await db.SaveChangesAsync(ct);
        return new RegisterResponse(person.Id, accessRequest.Id);
    }
}
