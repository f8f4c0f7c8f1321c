using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

/// <summary>The fields of an add / add-version / edit form (multipart), already read.</summary>
public sealed record CredentialForm(Guid? WorkerId, Guid? CompanyId, Guid? CredentialTypeId, DateOnly? IssueOn, DateOnly? ExpiryOn, string? CredentialNumber,
    IReadOnlyList<SpooledFile> Files)
{
    /// <summary>Reads and checks the text fields; dates are ISO 8601 (yyyy-MM-dd).</summary>
    public static CredentialForm From(MultipartForm form)
    {
        var errors = new FieldErrors();
        var form2 = new CredentialForm(
            Id(form.Field("workerId"), "workerId", errors), Id(form.Field("companyId"), "companyId", errors), Id(form.Field("credentialTypeId"), "credentialTypeId", errors),
            Date(form.Field("issueDate"), "issueDate", errors), Date(form.Field("expiryDate"), "expiryDate", errors),
            errors.Optional("credentialNumber", form.Field("credentialNumber"), 100), form.Files);
        errors.ThrowIfAny();
        return form2;
    }

    private static Guid? Id(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Guid.TryParse(value, out var id)) return id;
        errors.Add(field, "Not a valid id.");
        return null;
    }

    private static DateOnly? Date(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, "Use the date format YYYY-MM-DD.");
        return null;
    }
}

/// <summary>
/// Adding, renewing, editing, archiving, restoring and deleting credentials (R-K1, R-K2, R-K5). Files
/// are put into the file store before the database save, so a saved version never points at a missing file.
/// </summary>
public sealed class ManageCredential(AppDb db, Actor actor, CredentialTypes types, IFileStore files, TimeProvider clock)
{
    private Guid NewId() => Ids.New(clock);

    /// <summary>A contractor adds a credential for one of its workers or for itself.</summary>
    public async Task<Credential> AddAsync(CredentialForm form, CancellationToken ct)
    {
        var me = actor.OrganizationId!.Value;
        if (actor.OrganizationKind != OrganizationKind.Contractor)
            throw new DomainException("wrong-organization-kind", "Credentials belong to contractors' workers and companies.", DomainErrorKind.Invalid);
        var type = await types.UsableAsync(form.CredentialTypeId, "credentialTypeId", ct);
        Guid? workerId = null;
        if (form.WorkerId is { } w)
        {
            if (!await db.Workers.AnyAsync(x => x.Id == w, ct)) throw RequestValidationException.For("workerId", "No such worker in your organisation.");
            workerId = w;
        }
        else if (form.CompanyId is { } c && c != me) throw RequestValidationException.For("companyId", "Company credentials belong to your own organisation.");
        else if (form.CompanyId is null) throw RequestValidationException.For("workerId", "Choose a worker, or give companyId for a company credential.");
        return await CreateAsync(me, workerId, type, form, ct);
    }

    /// <summary>A self-managed worker adds their own credential (their employer owns the record).</summary>
    public async Task<Credential> AddOwnAsync(SiteReady.Domain.Workers.Worker worker, CredentialForm form, CancellationToken ct)
    {
        var type = await db.CredentialTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == form.CredentialTypeId, ct)
            ?? throw RequestValidationException.For("credentialTypeId", "No such credential type.");
        return await CreateAsync(worker.OrganizationId, worker.Id, type, form, ct);
    }

    private async Task<Credential> CreateAsync(Guid contractorId, Guid? workerId, CredentialType type, CredentialForm form, CancellationToken ct)
    {
        var details = new VersionDetails(form.IssueOn, form.ExpiryOn, form.CredentialNumber);
        Credential? credential = null;
        await WithStoredFilesAsync(form.Files, async media =>
        {
            credential = new Credential(NewId(), contractorId, workerId, type, details, media, actor.UserId, clock.GetUtcNow(), NewId);
            db.Credentials.Add(credential);
            await db.SaveChangesAsync(ct);
        }, ct);
        return credential!;
    }

    /// <summary>The form is read only after the credential is found, so another organisation's id is 404 whatever the body.</summary>
    public async Task<Credential> AddVersionAsync(Guid credentialId, Func<Task<CredentialForm>> readForm, CancellationToken ct)
    {
        var (credential, type) = await LoadOwnAsync(credentialId, ct);
        var form = await readForm();
        var details = new VersionDetails(form.IssueOn, form.ExpiryOn, form.CredentialNumber);
        await WithStoredFilesAsync(form.Files, async media =>
        {
            credential.AddVersion(type, details, media, actor.UserId, clock.GetUtcNow(), NewId);
            await db.SaveChangesAsync(ct);
        }, ct);
        return credential;
    }

    /// <summary>Changes the latest version; new files, when any are sent, replace its files.</summary>
    public async Task<Credential> EditLatestAsync(Guid credentialId, Func<Task<CredentialForm>> readForm, CancellationToken ct)
    {
        var (credential, type) = await LoadOwnAsync(credentialId, ct);
        var form = await readForm();
        var details = new VersionDetails(form.IssueOn, form.ExpiryOn, form.CredentialNumber);
        await WithStoredFilesAsync(form.Files, async media =>
        {
            credential.EditLatest(type, details, media.Count > 0 ? media : null, actor.UserId, clock.GetUtcNow(), NewId);
            await db.SaveChangesAsync(ct);
        }, ct);
        return credential;
    }

    /// <summary>R-K5; a client with companies.manage may archive its network's credentials.</summary>
    public async Task<Credential> ArchiveAsync(Guid credentialId, bool archive, CancellationToken ct)
    {
        var credential = await LoadVisibleAsync(credentialId, ct);
        if (archive) credential.Archive(actor.UserId, clock.GetUtcNow(), NewId);
        else credential.Restore(actor.UserId, clock.GetUtcNow(), NewId);
        await SaveAsOwnerAsync(credential, ct);
        return credential;
    }

    /// <summary>R-K5: irreversible; the files go too, a record of the deletion stays.</summary>
    public async Task DeleteAsync(Guid credentialId, Guid? confirm, CancellationToken ct)
    {
        var (credential, _) = await LoadOwnAsync(credentialId, ct);
        db.CredentialActivity.Add(credential.Delete(confirm, actor.UserId, clock.GetUtcNow(), NewId));
        var keys = credential.Versions.SelectMany(v => v.StoredFiles).Select(f => f.StorageKey).ToList();
        db.Credentials.Remove(credential);
        await db.SaveChangesAsync(ct);
        foreach (var key in keys) await files.DeleteAsync(key, ct);
    }

    private async Task<(Credential, CredentialType)> LoadOwnAsync(Guid credentialId, CancellationToken ct)
    {
        var credential = await db.Credentials.Include(c => c.Versions).ThenInclude(v => v.StoredFiles).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == credentialId, ct)
            ?? throw new DomainException(Problems.NotFound, "No such credential.", DomainErrorKind.NotFound);
        var type = await db.CredentialTypes.AsNoTracking().SingleAsync(t => t.Id == credential.CredentialTypeId, ct);
        return (credential, type);
    }

    private async Task<Credential> LoadVisibleAsync(Guid credentialId, CancellationToken ct) =>
        await db.VisibleCredentialAsync(actor.OrganizationId!.Value, actor.OrganizationKind!.Value, credentialId, ct)
        ?? throw new DomainException(Problems.NotFound, "No such credential.", DomainErrorKind.NotFound);

    // A client's change to its network's credential is saved while acting for the owning contractor.
    private async Task SaveAsOwnerAsync(Credential credential, CancellationToken ct)
    {
        var acting = db.Tenant.OrganizationId;
        db.Tenant.Switch(credential.OrganizationId);
        try { await db.SaveChangesAsync(ct); }
        finally { db.Tenant.Switch(acting); }
    }

    /// <summary>Puts the uploads into the file store, runs the change, and removes the files again if the change is refused.</summary>
    private async Task WithStoredFilesAsync(IReadOnlyList<SpooledFile> uploads, Func<List<MediaFile>, Task> change, CancellationToken ct)
    {
        var stored = new List<MediaFile>();
        try
        {
            foreach (var upload in uploads)
            {
                var key = StorageKeys.New(clock.GetUtcNow());
                await using (var content = upload.OpenRead())
                    await files.PutAsync(key, content, upload.Size, upload.ContentType, ct);
                stored.Add(new MediaFile(NewId(), upload.FileName, upload.ContentType, upload.Size, key, upload.Sha256));
            }
            await change(stored);
        }
        catch
        {
            foreach (var file in stored) await files.DeleteAsync(file.StorageKey, CancellationToken.None);
            throw;
        }
    }
}
