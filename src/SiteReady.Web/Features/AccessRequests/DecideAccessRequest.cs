using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.AccessRequests;

public sealed record Requester(Guid UserId, string Email, string FirstName, string LastName, string? Mobile);
public sealed record CurrentRole(string Role, string Status);
public sealed record AccessRequestResponse(
    Guid Id, Requester Requester, RequestedRole RequestedRole, AccessRequestStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt, DeclineReason? DeclineReason, string? DeclineText, RequestedRole? RoleGranted, IReadOnlyList<CurrentRole>? CurrentRoles = null);
public sealed record AcceptAccessRequest(string? Role = null, string? Mobile = null);
public sealed record DeclineAccessRequest(string? Reason, string? OtherText = null);

/// <summary>
/// R-A2..R-A5: Admins review access requests. Accepting creates the membership or an Active,
/// employer-managed worker; declining needs a reason. The first decision wins, even against a
/// concurrent one (the request's version is checked on save).
/// </summary>
public sealed class DecideAccessRequest(AppDb db, Actor actor, AppLinks links, TimeProvider clock)
{
    public async Task<PageOf<AccessRequestResponse>> ListAsync(string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = errors.Enum<AccessRequestStatus>("status", status, required: false);
        errors.ThrowIfAny();
        var rows = from a in db.AccessRequests.AsNoTracking()
                   join u in db.Users on a.RequesterUserId equals u.Id
                   select new { a, u };
        if (parsed is { } s) rows = rows.Where(x => x.a.Status == s);
        return await Paging.From(page, pageSize).ApplyAsync(rows.OrderByDescending(x => x.a.CreatedAt), x => ToResponse(x.a, x.u), ct);
    }

    public async Task<AccessRequestResponse> GetAsync(Guid id, CancellationToken ct)
    {
        var (request, person) = await LoadAsync(id, ct);
        return ToResponse(request, person) with { CurrentRoles = await CurrentRolesAsync(person.Id, ct) };
    }

    public async Task<AccessRequestResponse> AcceptAsync(Guid id, AcceptAccessRequest body, CancellationToken ct)
    {
        var (request, person) = await LoadAsync(id, ct);
        var errors = new FieldErrors();
        var role = errors.Enum<RequestedRole>("role", body.Role, required: false);
        var mobile = errors.Mobile("mobile", body.Mobile);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var granted = request.Accept(role, mobile, actor.UserId, now);
        var organization = await db.Organizations.SingleAsync(o => o.Id == request.OrganizationId, ct);
        if (granted == RequestedRole.Worker)
        {
            if (organization.Kind != OrganizationKind.Contractor)
                throw RequestValidationException.For("role", "Only contractors have workers; choose Admin, Manager or Viewer.");
            if (await db.WorkerOfPersonAsync(person.Id, ct) is not null)
                throw new DomainException(AddWorker.RegisteredWithAnotherContractor, $"{person.Email} is already a worker; they cannot be added again.");
            person.PhoneNumber = request.Mobile;
            var worker = new Worker(Ids.New(clock), organization.Id, person.Id, ManagementMode.EmployerManaged, actor.UserId, now);
            worker.ActivateExistingAccount(now);
            db.Workers.Add(worker);
        }
        else
        {
            if (await db.Memberships.AnyAsync(m => m.UserId == person.Id, ct))
                throw new DomainException("already-a-member", $"{person.Email} is already a user of {organization.Name}.");
            var membership = new Membership(Ids.New(clock), organization.Id, person.Id, Enum.Parse<Role>(granted.ToString()), MembershipStatus.Active, now);
            membership.Activate(now);
            db.Memberships.Add(membership);
        }
        db.Outbox.Add(Mail.Compose(Ids.New(clock), now, organization.Id, "access-request-accepted", person.Email!, person.FirstName,
            $"Your access to {organization.Name} was approved",
            [$"{organization.Name} accepted your request. You now have access as {granted}.", "Sign in to get started."],
            "Sign in", links.To("/login")));
        await SaveDecisionAsync(request, ct);
        return ToResponse(request, person);
    }

    public async Task<AccessRequestResponse> DeclineAsync(Guid id, DeclineAccessRequest body, CancellationToken ct)
    {
        var (request, person) = await LoadAsync(id, ct);
        var errors = new FieldErrors();
        var reason = errors.Enum<DeclineReason>("reason", body.Reason);
        var text = errors.Optional("otherText", body.OtherText, 500);
        if (reason == DeclineReason.Other && text is null && !errors.Any) errors.Add("otherText", "Say why when the reason is Other (1–500 characters).");
        errors.ThrowIfAny();

        request.Decline(reason!.Value, text, actor.UserId, clock.GetUtcNow());
        var organization = await db.Organizations.SingleAsync(o => o.Id == request.OrganizationId, ct);
        db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), organization.Id, "access-request-declined", person.Email!, person.FirstName,
            $"Your access request to {organization.Name} was declined",
            [$"{organization.Name} declined your request for access: {Describe(reason.Value, text)}.",
             "If you think this is a mistake, contact the organisation, or register again choosing the right employer."]));
        await SaveDecisionAsync(request, ct);
        return ToResponse(request, person);
    }

    private async Task SaveDecisionAsync(AccessRequest request, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // R-A5: another admin decided at the same moment (version check, or the membership/worker already exists).
            throw new DomainException("access-request-already-decided", "This access request has already been decided; the decision cannot be changed.");
        }
    }

    public static string Describe(DeclineReason reason, string? text) => reason switch
    {
        DeclineReason.NotAnEmployee => "you are not an employee",
        DeclineReason.WrongOrganization => "the wrong organisation was chosen (for example the client instead of your employer)",
        DeclineReason.DuplicateRequest => "this is a duplicate request",
        DeclineReason.NoLongerEmployed => "you are no longer employed there",
        _ => text ?? "",
    };

    private async Task<(AccessRequest, AppUser)> LoadAsync(Guid id, CancellationToken ct)
    {
        var row = await (from a in db.AccessRequests
                         join u in db.Users on a.RequesterUserId equals u.Id
                         where a.Id == id
                         select new { a, u }).SingleOrDefaultAsync(ct);
        return row is null ? throw new DomainException(Problems.NotFound, "No such access request.", DomainErrorKind.NotFound) : (row.a, row.u);
    }

    private async Task<List<CurrentRole>> CurrentRolesAsync(Guid userId, CancellationToken ct)
    {
        var roles = await db.Memberships.Where(m => m.UserId == userId).Select(m => new CurrentRole(m.Role.ToString(), m.Status.ToString())).ToListAsync(ct);
        roles.AddRange(await db.Workers.Where(w => w.UserId == userId).Select(w => new CurrentRole("Worker", w.InviteStatus.ToString())).ToListAsync(ct));
        return roles;
    }

    private static AccessRequestResponse ToResponse(AccessRequest a, AppUser u) =>
        new(a.Id, new Requester(u.Id, u.Email!, u.FirstName, u.LastName, a.Mobile ?? u.PhoneNumber), a.RequestedRole, a.Status, a.CreatedAt,
            a.DecidedAt, a.DeclineReason, a.DeclineText, a.RoleGranted);
}
