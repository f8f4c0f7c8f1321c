using Microsoft.AspNetCore.Identity;
using SiteReady.Domain;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Workers;

/// <summary>A contractor's changes to one worker: invite/resend (R-W3), disable/reactivate (R-W5), edits (R-W6), client connections (R-W1, R-W2).</summary>
public sealed class ManageWorker(AppDb db, People people, UserManager<AppUser> users, WorkerRecords records, WorkerInvitations invitations,
    AppLinks links, TimeProvider clock)
{
    public async Task<WorkerResponse> InviteAsync(Guid workerId, CancellationToken ct)
    {
        var (worker, person) = await records.LoadAsync(workerId, ct);
        worker.Invite();
        await invitations.SendAsync(worker, person, ct);
        await db.SaveChangesAsync(ct);
        return await records.ToResponseAsync(worker, person, ct);
    }

    public async Task<WorkerResponse> DisableAsync(Guid workerId, CancellationToken ct)
    {
        var (worker, person) = await records.LoadAsync(workerId, ct);
        if (worker.InviteStatus != InviteStatus.Disabled)
        {
            worker.Disable();
            await invitations.RevokeOpenAsync(person.Id, ct);
            People.EndSessions(person);
            await db.SaveChangesAsync(ct);
        }
        return await records.ToResponseAsync(worker, person, ct);
    }

    public async Task<WorkerResponse> ReactivateAsync(Guid workerId, CancellationToken ct)
    {
        var (worker, person) = await records.LoadAsync(workerId, ct);
        if (worker.Reactivate()) await invitations.SendAsync(worker, person, ct);
        await db.SaveChangesAsync(ct);
        return await records.ToResponseAsync(worker, person, ct);
    }

    public async Task<WorkerResponse> UpdateAsync(Guid workerId, UpdateWorkerRequest request, CancellationToken ct)
    {
        var (worker, person) = await records.LoadAsync(workerId, ct);
        var errors = new FieldErrors();
        var first = request.FirstName is null ? null : errors.Required("firstName", request.FirstName, 100);
        var last = request.LastName is null ? null : errors.Required("lastName", request.LastName, 100);
        var email = request.Email is null ? null : errors.Email("email", request.Email);
        var mobile = errors.Mobile("mobile", request.Mobile);
        var mode = errors.Enum<ManagementMode>("managementMode", request.ManagementMode, required: false);
        errors.ThrowIfAny();

        if (first is not null) person.FirstName = first;
        if (last is not null) person.LastName = last;
        if (mobile is not null) person.PhoneNumber = mobile;
        if (mode is { } m) worker.ManagementMode = m;
        if (email is not null && !string.Equals(email, person.Email, StringComparison.OrdinalIgnoreCase))
            await ChangeEmailAsync(worker, person, email, ct);
        await db.SaveChangesAsync(ct);
        return await records.ToResponseAsync(worker, person, ct);
    }

    /// <summary>R-W6: an Active worker's old and new addresses are both told; an Invited worker gets a new invitation at the new one.</summary>
    private async Task ChangeEmailAsync(Worker worker, AppUser person, string email, CancellationToken ct)
    {
        if (await people.FindByEmailAsync(email) is not null)
            throw new DomainException("email-taken", $"{email} is already used by another SiteReady account.");
        var oldEmail = person.Email!;
        person.Email = person.UserName = email;
        person.NormalizedEmail = users.NormalizeEmail(email);
        person.NormalizedUserName = users.NormalizeName(email);

        switch (worker.InviteStatus)
        {
            case InviteStatus.Active:
                var now = clock.GetUtcNow();
                foreach (var (to, text) in new[] { (oldEmail, $"Your SiteReady sign-in email was changed from {oldEmail} to {email} by your employer. If this is wrong, contact them."),
                                                   (email, $"Your SiteReady sign-in email is now {email} (it was {oldEmail}). Use it the next time you sign in.") })
                    db.Outbox.Add(Mail.Compose(Ids.New(clock), now, worker.OrganizationId, "worker-email-changed", to, person.FirstName,
                        "Your SiteReady email address was changed", [text], "Sign in", links.To("/login")));
                break;
            case InviteStatus.Invited:
                await invitations.SendAsync(worker, person, ct);
                break;
        }
    }

    public async Task<WorkerResponse> ConnectClientAsync(Guid workerId, ClientConnectionChoice request, CancellationToken ct)
    {
        var (worker, person) = await records.LoadAsync(workerId, ct);
        var errors = new FieldErrors();
        var (choices, locations) = await records.CheckChoicesAsync([request], errors, "", ct);
        errors.ThrowIfAny();
        var choice = choices.Single();
        worker.ConnectTo(Ids.New(clock), choice.ClientId, choice.LocationIds, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        // R-W2: adding an App location to an Initial worker prompts the user to invite them.
        var prompt = worker.InviteStatus == InviteStatus.Initial && InvitationRule.NeedsAppInvitation([choice], locations);
        return await records.ToResponseAsync(worker, person, ct, prompt);
    }

    public async Task DisconnectClientAsync(Guid workerId, Guid clientId, CancellationToken ct)
    {
        var (worker, _) = await records.LoadAsync(workerId, ct);
        if (!worker.DisconnectFrom(clientId))
            throw new DomainException(Problems.NotFound, "This worker is not connected to that client.", DomainErrorKind.NotFound);
        await db.SaveChangesAsync(ct);
    }
}
