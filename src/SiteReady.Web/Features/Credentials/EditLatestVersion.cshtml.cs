using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

/// <summary>Actions › Edit latest version: corrects the latest version while it is unreviewed (R-K2, R-K3).</summary>
[Authorize(Policy = Policies.Org + Permissions.CredentialsManage)]
public sealed class EditLatestVersionModel(ManageCredential manage, CredentialDetails details, CredentialTypes types, Actor actor, StreamingMultipart multipart, IAntiforgery antiforgery)
    : CredentialVersionPageModel(details, types, actor, multipart, antiforgery)
{
    public override bool FilesReplace => true;

    protected override string? Refusal =>
        Credential.Archived ? "This credential is archived: restore it before editing it."
        : FixedType is { VerificationRequired: true } && Credential.LatestVersion.Approval.Status != Approval.Pending
            ? $"Version {Credential.LatestVersion.Number} has been reviewed and cannot change. Add a new version instead."
            : null;

    protected override CredentialInput Prefill() => CredentialInput.From(Credential.LatestVersion);

    public Task<IActionResult> OnPostAsync() =>
        PostAsync((read, ct) => manage.EditLatestAsync(CredentialId, read, ct),
            c => $"Version {c.LatestVersion.Number} of the {c.CredentialType.Name} was saved.");
}
