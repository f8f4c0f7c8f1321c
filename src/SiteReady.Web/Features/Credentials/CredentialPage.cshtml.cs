using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// One credential, for its contractor or a client whose network it is in (R-K6): the Details tab (files,
/// details, approval with its reason), History (every version, each selectable, R-K2) and Activity (who, when,
/// what, from → to). Actions: Add version and Edit latest version (credentials.manage, contractor), Archive /
/// Restore (companies.manage, also a client) and Delete, only once archived, after a confirmation (R-K5).
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class CredentialPageModel(CredentialDetails details, ManageCredential manage, CredentialTypes types, AppDb db, Actor actor) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid CredentialId { get; set; }
    /// <summary>null (Details), "history" or "activity".</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    /// <summary>The version shown on the History tab; the latest when absent.</summary>
    [BindProperty(SupportsGet = true, Name = "version")] public int? VersionNumber { get; set; }
    /// <summary>"delete": the confirmation step without script.</summary>
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }

    public CredentialResponse Credential { get; private set; } = null!;
    public IReadOnlyList<VersionView> Versions { get; private set; } = [];
    public IReadOnlyList<ActivityView> Activity { get; private set; } = [];
    public CredentialTypeResponse? Type { get; private set; }

    public bool IsContractor => actor.OrganizationKind == OrganizationKind.Contractor;
    private bool Grants(string permission) => actor.Role?.Grants(permission) == true;
    public bool CanAddVersion => IsContractor && Grants(Permissions.CredentialsManage) && !Credential.Archived;
    /// <summary>A reviewed version is final (R-K3), unless its type needs no review.</summary>
    public bool CanEditLatest => CanAddVersion && Type is not null && (!Type.VerificationRequired || Credential.LatestVersion.Approval.Status == Approval.Pending);
    public bool CanArchive => Grants(Permissions.CompaniesManage);
    public bool CanDelete => IsContractor && Grants(Permissions.CredentialsDelete) && Credential.Archived;
    public bool HasActions => CanAddVersion || CanArchive || CanDelete;

    public string Self => UrlFor(Tab, VersionNumber);
    public string Title => $"{Credential.CredentialType.Name} · {Credential.Subject.Name}";
    public VersionView Shown => Tab == "history" && Versions.FirstOrDefault(v => v.Number == VersionNumber) is { } chosen ? chosen : Credential.LatestVersion;

    /// <summary>Who added each version, by user id (from the activity, which names people).</summary>
    public string? UploadedBy(VersionView version) =>
        Activity.FirstOrDefault(a => a.By == version.CreatedBy && a.Version == version.Number && a.Action is "added" or "versionAdded")?.ByName;

    public string UrlFor(string? tab, int? version = null, string? confirm = null)
    {
        var query = new Dictionary<string, string?>();
        if (tab is "history" or "activity") query["tab"] = tab;
        if (tab == "history" && version is { } n) query["version"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (confirm is not null) query["confirm"] = confirm;
        return QueryHelpers.AddQueryString($"/orgs/{OrgId}/credentials/{CredentialId}", query);
    }

    public string FileUrl(VersionView version, FileView file, bool inline = false) =>
        $"/orgs/{OrgId}/credentials/{CredentialId}?handler=file&version={version.Number}&file={file.Id}" + (inline ? "&inline=true" : "");

    /// <summary>Where the holder's credentials are listed.</summary>
    public string BackUrl => Credential.Subject.WorkerId is { } workerId
        ? IsContractor ? $"/orgs/{OrgId}/workers/{workerId}?tab=credentials" : $"/orgs/{OrgId}/network/companies/{Credential.Subject.CompanyId}/workers/{workerId}?tab=credentials"
        : IsContractor ? $"/orgs/{OrgId}/credentials" : $"/orgs/{OrgId}/network/companies/{Credential.Subject.CompanyId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>A file of any version: a download, or an image shown in the page (JPEG and PNG only).</summary>
    public async Task<IActionResult> OnGetFileAsync(int version, Guid file, bool inline, CancellationToken ct)
    {
        try
        {
            return await details.FileAsync(CredentialId, version, file, inline, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken ct) => ArchiveAsync(true, ct);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken ct) => ArchiveAsync(false, ct);

    private async Task<IActionResult> ArchiveAsync(bool archive, CancellationToken ct)
    {
        if (!CanArchive) return Forbid();
        try
        {
            await manage.ArchiveAsync(CredentialId, archive, ct);
            TempData["Flash"] = archive
                ? "The credential was archived: it gets no reminders, versions or reviews until restored."
                : "The credential was restored.";
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"The credential was not {(archive ? "archived" : "restored")}: {ex.Message}";
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Someone else changed this credential at the same moment. Try again.";
        }
        return LocalRedirect(UrlFor(Tab, VersionNumber));
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid? confirm, CancellationToken ct)
    {
        if (!IsContractor || !Grants(Permissions.CredentialsDelete)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        var back = BackUrl;
        var what = $"The {Credential.CredentialType.Name} of {Credential.Subject.Name}";
        try
        {
            db.ChangeTracker.Clear();
            await manage.DeleteAsync(CredentialId, confirm, ct);
            TempData["Flash"] = $"{what} was deleted, with its versions and files.";
            return LocalRedirect(back);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"{what} was not deleted: {ex.Message}";
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Someone else changed this credential at the same moment. Try again.";
        }
        return LocalRedirect(UrlFor(Tab, VersionNumber));
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Credential = await details.GetAsync(CredentialId, ct);
            Versions = await details.VersionsAsync(CredentialId, ct);
            Activity = await details.ActivityAsync(CredentialId, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
        Type = await types.FindAsync(Credential.CredentialType.Id, ct);
        return true;
    }

    public static string Describe(ActivityView a) => a.Action switch
    {
        "added" => "Added the credential",
        "versionAdded" => $"Added version {a.Version}",
        "edited" => $"Edited version {a.Version}: {FieldName(a.Field)}",
        "approved" => $"Verified version {a.Version}",
        "rejected" => $"Did not accept version {a.Version}",
        "archived" => "Archived the credential",
        "restored" => "Restored the credential",
        "deleted" => "Deleted the credential",
        _ => a.Action,
    };

    public static string FieldName(string? field) => field switch
    {
        "issueDate" => "issue date",
        "expiryDate" => "expiry date",
        "credentialNumber" => "credential number",
        "mediaFiles" => "files",
        _ => field ?? "",
    };
}
