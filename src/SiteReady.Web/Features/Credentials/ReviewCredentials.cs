using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

public sealed record QueueItem(Guid CredentialId, int VersionNumber, string CredentialType, Guid OrganizationId, string OrganizationName,
    Guid? WorkerId, string SubjectName, DateTimeOffset UploadedAt, int AgeBusinessDays, bool Overdue);
public sealed record RejectVersionRequest(string? Reason);
public sealed record QueueChoice(Guid Id, string Name);
/// <summary>What a reviewer sees of one credential: its details and every version (newest first).</summary>
public sealed record ReviewResponse(CredentialResponse Credential, IReadOnlyList<VersionView> Versions);

/// <summary>
/// R-K10: the operator's compliance reviewers work a queue of pending versions (oldest first, age
/// against a 3-business-day target), approve or do not accept with a reason, and the subject (or
/// its managing employer, R-W7) is told.
/// </summary>
public sealed class ReviewCredentials(AppDb db, Actor actor, CredentialDetails details, WorkerNotices notices, AppLinks links, TimeProvider clock)
{
    public const int TargetBusinessDays = 3;

    public async Task<PageOf<QueueItem>> QueueAsync(Guid? credentialTypeId, Guid? organizationId, int? page, int? pageSize, CancellationToken ct)
    {
        var rows = db.PendingVersions();
        if (credentialTypeId is { } typeId) rows = rows.Where(r => r.CredentialTypeId == typeId);
        if (organizationId is { } orgId) rows = rows.Where(r => r.OrganizationId == orgId);
        var today = Calendar.TodayIn("UTC", clock.GetUtcNow());
        return await Paging.From(page, pageSize).ApplyAsync(rows, r =>
        {
            var age = Calendar.BusinessDaysBetween(DateOnly.FromDateTime(r.UploadedAt.UtcDateTime), today);
            var name = r.WorkerId is null ? r.OrganizationName : $"{r.FirstName} {r.LastName}".Trim();
            return new QueueItem(r.CredentialId, r.Number, r.TypeName, r.OrganizationId, r.OrganizationName, r.WorkerId, name, r.UploadedAt, age, age > TargetBusinessDays);
        }, ct);
    }

    /// <summary>The credential types and organisations that have pending versions, for the queue's filters.</summary>
    public async Task<(List<QueueChoice> Types, List<QueueChoice> Organizations)> QueueChoicesAsync(CancellationToken ct)
    {
        var types = await db.PendingVersions().Select(r => new { r.CredentialTypeId, r.TypeName }).Distinct().ToListAsync(ct);
        var organizations = await db.PendingVersions().Select(r => new { r.OrganizationId, r.OrganizationName }).Distinct().ToListAsync(ct);
        return (types.Select(t => new QueueChoice(t.CredentialTypeId, t.TypeName)).OrderBy(t => t.Name).ToList(),
            organizations.Select(o => new QueueChoice(o.OrganizationId, o.OrganizationName)).OrderBy(o => o.Name).ToList());
    }

    /// <summary>Any organisation's credential, for the reviewer's page beside the file.</summary>
    public async Task<ReviewResponse> GetAsync(Guid credentialId, CancellationToken ct)
    {
        var credential = await LoadAsync(credentialId, ct);
        return new ReviewResponse(await details.ToResponseAsync(credential, ct),
            credential.Versions.OrderByDescending(v => v.Number).Select(CredentialViews.ToView).ToList());
    }

    public async Task<StoredFileResult> FileAsync(Guid credentialId, int number, Guid fileId, bool inline, CancellationToken ct) =>
        await details.OpenFileAsync(await LoadAsync(credentialId, ct), number, fileId, inline, ct);

    private async Task<Credential> LoadAsync(Guid credentialId, CancellationToken ct) =>
        await db.CredentialForReviewAsync(credentialId, ct)
        ?? throw new DomainException(Problems.NotFound, "No such credential.", DomainErrorKind.NotFound);

    public async Task ApproveAsync(Guid credentialId, int number, CancellationToken ct) => await DecideAsync(credentialId, number, true, null, ct);

    public async Task RejectAsync(Guid credentialId, int number, RejectVersionRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Required("reason", request.Reason, 500);
        errors.ThrowIfAny();
        await DecideAsync(credentialId, number, false, reason, ct);
    }

    private async Task DecideAsync(Guid credentialId, int number, bool approve, string? reason, CancellationToken ct)
    {
        var credential = await LoadAsync(credentialId, ct);
        var now = clock.GetUtcNow();
        credential.Review(number, approve, reason, actor.UserId, now, () => Ids.New(clock));

        // The decision is written under the owning contractor, with the email to whoever R-W7 names.
        db.Tenant.Switch(credential.OrganizationId);
        var type = await db.CredentialTypes.AsNoTracking().SingleAsync(t => t.Id == credential.CredentialTypeId, ct);
        var worker = credential.WorkerId is { } workerId ? await db.Workers.AsNoTracking().SingleAsync(w => w.Id == workerId, ct) : null;
        var recipients = worker is null ? await db.NotifiedAdminsOfAsync(credential.OrganizationId, ct) : await notices.RecipientsAsync(worker, NoticeKind.Compliance, ct);
        var subjectName = worker is null ? "your company" : await db.Users.Where(u => u.Id == worker.UserId).Select(u => u.FirstName + " " + u.LastName).SingleAsync(ct);
        foreach (var to in recipients)
            db.Outbox.Add(Mail.Compose(Ids.New(clock), now, credential.OrganizationId, approve ? "credential-verified" : "credential-not-accepted", to.Email, to.FirstName,
                approve ? $"{type.Name} verified" : $"{type.Name} not accepted: a replacement is needed",
                approve
                    ? [$"The {type.Name} of {subjectName} (version {number}) has been verified by the SiteReady compliance team."]
                    : [$"The {type.Name} of {subjectName} (version {number}) was not accepted: {reason}", "Upload a new version that meets the guidelines."],
                "Open the credential", links.To(worker is not null && worker.ManagementMode == ManagementMode.SelfManaged && to.UserId == worker.UserId
                    ? "/me" : $"/orgs/{credential.OrganizationId}/credentials/{credential.Id}")));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("already-reviewed", "This version has just been reviewed by someone else; the decision is final.");
        }
        finally
        {
            db.Tenant.Switch(null);
        }
    }
}
