using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Workers;

/// <summary>
/// R-W1, R-W2, R-W4: a contractor adds a worker. A new person becomes Initial or Invited (with the
/// right email); a person registered elsewhere is refused with 409 after the follow-up is recorded:
/// a transfer request for customer care, or an employer request emailed to the person.
/// </summary>
public sealed class AddWorker(AppDb db, People people, WorkerRecords records, WorkerInvitations invitations, Actor actor, AppLinks links, TimeProvider clock)
{
    public const string RegisteredWithAnotherContractor = "worker-registered-with-another-contractor";
    public const string RegisteredUnconnected = "worker-registered-unconnected";

    public async Task<WorkerResponse> HandleAsync(AddWorkerRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var first = errors.Required("firstName", request.FirstName, 100);
        var last = errors.Required("lastName", request.LastName, 100);
        var email = errors.Email("email", request.Email);
        var mobile = errors.Mobile("mobile", request.Mobile);
        var mode = errors.Enum<ManagementMode>("managementMode", request.ManagementMode, required: false) ?? ManagementMode.EmployerManaged;
        var (choices, locations) = await records.CheckChoicesAsync(request.ClientConnections, errors, "clientConnections", ct);
        errors.ThrowIfAny();

        var contractorId = actor.OrganizationId!.Value;
        var now = clock.GetUtcNow();
        var person = await people.FindByEmailAsync(email!);
        if (person is not null)
        {
            var existing = await db.WorkerOfPersonAsync(person.Id, ct);
            if (existing?.OrganizationId == contractorId)
                throw new DomainException("worker-already-exists", $"{person.Email} is already one of your workers.");
            if (existing is not null)
            {
                await RequestTransferAsync(existing, person, ct);
                throw new DomainException(RegisteredWithAnotherContractor,
                    $"{email} is registered as a worker of another contractor. We have asked our customer care team to transfer them to you; you will get an email when it is done.");
            }
            if (!await db.Memberships.AnyAsync(m => m.UserId == person.Id && m.Status == MembershipStatus.Active, ct))
            {
                await RequestEmploymentAsync(person, mode, mobile, choices, ct);
                throw new DomainException(RegisteredUnconnected,
                    $"{email} already has a SiteReady account with no employer. We have emailed them a request to join you; once they accept they appear in your workers list.");
            }
            // One of our own users (e.g. an owner who visits sites) becomes a worker too.
        }

        person ??= people.New(email!, first!, last!);
        if (mobile is not null) person.PhoneNumber = mobile;
        var worker = new Worker(Ids.New(clock), contractorId, person.Id, mode, actor.UserId, now);
        foreach (var choice in choices) worker.ConnectTo(Ids.New(clock), choice.ClientId, choice.LocationIds, now);
        db.Workers.Add(worker);

        if (person.PasswordHash is not null) worker.ActivateExistingAccount(now);
        else if (InvitationRule.NeedsAppInvitation(choices, locations))
        {
            worker.Invite();
            await invitations.SendAsync(worker, person, ct);
        }
        await db.SaveChangesAsync(ct);
        return await records.ToResponseAsync(worker, person, ct);
    }

    private async Task RequestTransferAsync(Worker existing, AppUser person, CancellationToken ct)
    {
        var to = actor.OrganizationId!.Value;
        if (await db.TransferRequests.AnyAsync(t => t.WorkerId == existing.Id && t.ToContractorId == to
                && (t.Status == TransferStatus.Open || t.Status == TransferStatus.WorkerApproved), ct))
            return;
        var transfer = new TransferRequest(Ids.New(clock), existing.Id, existing.OrganizationId, to, actor.UserId, clock.GetUtcNow());
        db.TransferRequests.Add(transfer);
        var requester = await db.Organizations.Where(o => o.Id == to).Select(o => o.Name).SingleAsync(ct);
        var operatorId = await db.Organizations.Where(o => o.Kind == OrganizationKind.Operator).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        if (operatorId is { } op)
            foreach (var admin in await db.NotifiedAdminsOfAsync(op, ct))
                db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), op, "transfer-requested", admin.Email, admin.FirstName,
                    $"Transfer request: {person.DisplayName} to {requester}",
                    [$"{requester} tried to add {person.DisplayName} ({person.Email}), who is registered with another contractor.",
                     "Confirm with the worker, record their approval and complete the transfer, or reject it."],
                    "Open the transfer queue", links.To("/operator/transfers")));
        await db.SaveChangesAsync(ct);
    }

    private async Task RequestEmploymentAsync(AppUser person, ManagementMode mode, string? mobile, List<InvitationRule.ConnectionChoice> choices, CancellationToken ct)
    {
        var contractorId = actor.OrganizationId!.Value;
        if (!await db.EmployerRequests.AnyAsync(r => r.UserId == person.Id && r.Status == EmployerRequestStatus.Open, ct))
        {
            var request = new EmployerRequest(Ids.New(clock), contractorId, person.Id, mode, mobile, actor.UserId, clock.GetUtcNow())
            {
                ClientConnections = EmployerRequestChoices.Write(choices),
            };
            db.EmployerRequests.Add(request);
            var employer = await db.Organizations.Where(o => o.Id == contractorId).Select(o => o.Name).SingleAsync(ct);
            db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), contractorId, "employer-request", person.Email!, person.FirstName,
                $"{employer} wants to add you as their worker",
                [$"{employer} asked to add you as one of their workers on SiteReady.",
                 "If you work for them, accept the request: you will appear in their workers list and they can connect you to their clients' sites. If not, decline it."],
                "Answer the request", links.To("/me/employer-requests")));
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The client choices kept on an employer request until the person accepts.</summary>
public static class EmployerRequestChoices
{
    public static string Write(IEnumerable<InvitationRule.ConnectionChoice> choices) =>
        string.Join(';', choices.Select(c => $"{c.ClientId}:{string.Join(',', c.LocationIds)}"));

    public static List<ClientConnectionChoice> Read(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var pieces = part.Split(':');
            var locations = pieces.Length > 1 ? pieces[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList() : [];
            return new ClientConnectionChoice(Guid.Parse(pieces[0]), locations);
        }).ToList();
}
