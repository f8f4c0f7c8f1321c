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

/// <summary>Actions › Add version: a renewal becomes the new latest version (R-K2).</summary>
[Authorize(Policy = Policies.Org + Permissions.CredentialsManage)]
public sealed class AddVersionModel(ManageCredential manage, CredentialDetails details, CredentialTypes types, Actor actor, StreamingMultipart multipart, IAntiforgery antiforgery)
    : CredentialVersionPageModel(details, types, actor, multipart, antiforgery)
{
    protected override string? Refusal => Credential.Archived ? "This credential is archived: restore it before adding a version." : null;

    // A renewal usually keeps its number; the dates are the new document's.
    protected override CredentialInput Prefill() => new() { CredentialNumber = Credential.LatestVersion.CredentialNumber };

    public Task<IActionResult> OnPostAsync() =>
        PostAsync((read, ct) => manage.AddVersionAsync(CredentialId, read, ct),
            c => $"Version {c.LatestVersion.Number} of the {c.CredentialType.Name} was added. {Outcome(c)}");
}
