using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

/// <summary>Reading one credential the organisation may see: details, versions, activity and files (R-K2, R-K6, R-K7).</summary>
public sealed class CredentialDetails(AppDb db, Actor actor, ListCredentials list, IFileStore files)
{
    public async Task<CredentialResponse> GetAsync(Guid id, CancellationToken ct)
    {
        var credential = await LoadAsync(id, ct);
        return await ToResponseAsync(credential, ct);
    }

    public async Task<CredentialResponse> ToResponseAsync(Credential credential, CancellationToken ct)
    {
        var row = await db.CredentialsVisibleTo(credential.OrganizationId, Domain.Organizations.OrganizationKind.Contractor)
            .SingleAsync(r => r.Credential.Id == credential.Id, ct);
        var (today, window) = await list.TodayAsync(ct);
        var summary = ListCredentials.ToRow(row, today, window);
        return new CredentialResponse(credential.Id, summary.Subject, summary.CredentialType, credential.IsArchived, credential.StatusOn(today),
            credential.IsExpiringSoonOn(today, window), CredentialViews.ToView(credential.Latest));
    }

    public async Task<List<VersionView>> VersionsAsync(Guid id, CancellationToken ct) =>
        (await LoadAsync(id, ct)).Versions.OrderByDescending(v => v.Number).Select(CredentialViews.ToView).ToList();

    public async Task<List<ActivityView>> ActivityAsync(Guid id, CancellationToken ct)
    {
        var credential = await LoadAsync(id, ct);
        var entries = await db.ActivityOfCredentialAsync(credential.Id, ct);
        var userIds = entries.Select(e => e.ByUserId).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.FirstName + " " + u.LastName).Trim(), ct);
        return entries.Select(a => new ActivityView(a.At, a.ByUserId, names.GetValueOrDefault(a.ByUserId, ""), a.Action, a.VersionNumber, a.Field, a.From, a.To)).ToList();
    }

    /// <summary>A media file of a version, only for those who may see the credential.</summary>
    public async Task<StoredFileResult> FileAsync(Guid id, int number, Guid fileId, bool inline, CancellationToken ct)
    {
        var credential = await LoadAsync(id, ct);
        return await OpenFileAsync(credential, number, fileId, inline, ct);
    }

    /// <summary>A media file of a credential the caller has already been allowed to see (its organisation's, or a reviewer's).</summary>
    public async Task<StoredFileResult> OpenFileAsync(Credential credential, int number, Guid fileId, bool inline, CancellationToken ct)
    {
        var file = credential.Versions.SingleOrDefault(v => v.Number == number)?.StoredFiles.SingleOrDefault(f => f.Id == fileId)
            ?? throw new DomainException(Problems.NotFound, "No such file.", DomainErrorKind.NotFound);
        var content = await files.OpenReadAsync(file.StorageKey, ct)
            ?? throw new DomainException(Problems.NotFound, "The file is missing from storage.", DomainErrorKind.NotFound);
        return inline
            ? StoredFileResult.Inline(content, file.ContentType, file.FileName, file.Size)
            : StoredFileResult.Attachment(content, file.ContentType, file.FileName, file.Size);
    }

    private async Task<Credential> LoadAsync(Guid id, CancellationToken ct) =>
        await db.VisibleCredentialAsync(actor.OrganizationId!.Value, actor.OrganizationKind!.Value, id, ct)
        ?? throw new DomainException(Problems.NotFound, "No such credential.", DomainErrorKind.NotFound);
}
