using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Operator;

/// <summary>
/// Operator › Verification queue › review (R-K10): a pending version's file beside its details; Approve, or
/// Not accept with a reason (confirmed in a dialog; without script the form shows in the page). Final.
/// </summary>
[Authorize(Policy = Policies.ComplianceReview)]
public sealed class ReviewCredentialModel(ReviewCredentials review, AppDb db) : PageModel
{
    [FromRoute] public Guid CredentialId { get; set; }
    [BindProperty(SupportsGet = true, Name = "version")] public int? VersionNumber { get; set; }
    /// <summary>"reject": the Not accept form shown open (without script, or after an error).</summary>
    [BindProperty(SupportsGet = true)] public string? Decide { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public ReviewResponse Item { get; private set; } = null!;
    public VersionView Version { get; private set; } = null!;
    public bool IsOpen => Version.Approval.Status == Approval.Pending && !Item.Credential.Archived;
    public string Self => $"{VerificationQueueModel.Path}/{CredentialId}?version={Version.Number}";
    public string Subject => Item.Credential.Subject.Kind == CredentialSubject.Company
        ? $"{Item.Credential.Subject.Name} (company)"
        : $"{Item.Credential.Subject.Name} of {Item.Credential.Subject.CompanyName}";

    public string FileUrl(VersionView version, FileView file, bool inline) =>
        $"{VerificationQueueModel.Path}/{CredentialId}?handler=file&version={version.Number}&file={file.Id}" + (inline ? "&inline=true" : "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetFileAsync(int version, Guid file, bool inline, CancellationToken ct)
    {
        try
        {
            return await review.FileAsync(CredentialId, version, file, inline, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostApproveAsync(int version, CancellationToken ct) =>
        DecideAsync(version, () => review.ApproveAsync(CredentialId, version, ct), "verified");

    public Task<IActionResult> OnPostRejectAsync(int version, CancellationToken ct) =>
        DecideAsync(version, () => review.RejectAsync(CredentialId, version, new RejectVersionRequest(Reason), ct), "not accepted");

    private async Task<IActionResult> DecideAsync(int version, Func<Task> decide, string outcome)
    {
        var ct = HttpContext.RequestAborted;
        VersionNumber = version;
        if (!await LoadAsync(ct)) return NotFound();
        var what = $"Version {version} of the {Item.Credential.CredentialType.Name} of {Subject}";
        try
        {
            await decide();
            TempData["Flash"] = $"{what} was {outcome}; {(Item.Credential.Subject.Kind == CredentialSubject.Company ? "the company's admins have" : "the worker or their employer has")} been told by email.";
            return LocalRedirect(VerificationQueueModel.Path);
        }
        catch (RequestValidationException ex)
        {
            foreach (var message in ex.Errors.SelectMany(e => e.Value)) ModelState.AddModelError(nameof(Reason), message);
        }
        catch (DomainException ex) when (ex.Code == "reason-required")
        {
            ModelState.AddModelError(nameof(Reason), ex.Message);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"{what} was not {outcome}: {ex.Message}";
            return LocalRedirect(Self);
        }
        Decide = "reject";
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        // A refused decision may have left the tracked credential changed in memory; show what is saved.
        db.ChangeTracker.Clear();
        try
        {
            Item = await review.GetAsync(CredentialId, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
        Version = Item.Versions.FirstOrDefault(v => v.Number == VersionNumber)
            ?? Item.Versions.Where(v => v.Approval.Status == Approval.Pending).MinBy(v => v.Number)
            ?? Item.Versions[0];
        return true;
    }
}
