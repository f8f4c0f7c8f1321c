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

/// <summary>A form that changes one credential's versions (R-K2): the credential is found first, so another organisation's id is 404.</summary>
public abstract class CredentialVersionPageModel(CredentialDetails details, CredentialTypes types, Actor actor, StreamingMultipart multipart, IAntiforgery antiforgery)
    : CredentialUploadPageModel(multipart, antiforgery)
{
    public Guid OrgId => RouteId("orgId");
    public Guid CredentialId => RouteId("credentialId");
    public CredentialResponse Credential { get; private set; } = null!;
    public string CredentialUrl => $"/orgs/{OrgId}/credentials/{CredentialId}";

    /// <summary>Why the form cannot be used now (archived, already reviewed), or null.</summary>
    protected abstract string? Refusal { get; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Refusal is { } refusal)
        {
            TempData["FlashError"] = refusal;
            return LocalRedirect(CredentialUrl);
        }
        Input = Prefill();
        return Page();
    }

    protected abstract CredentialInput Prefill();

    /// <summary>Posts through <paramref name="save"/>; on a refusal the form is shown again.</summary>
    protected async Task<IActionResult> PostAsync(Func<Func<Task<CredentialForm>>, CancellationToken, Task<Credential>> save, Func<CredentialResponse, string> done)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        var ct = HttpContext.RequestAborted;
        var result = await ReceiveAsync(async read =>
        {
            var credential = await save(read, ct);
            TempData["Flash"] = done(await details.ToResponseAsync(credential, ct));
            return CredentialUrl;
        });
        if (result is not null) return result;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return false;
        try
        {
            Credential = await details.GetAsync(CredentialId, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
        FixedType = await types.FindAsync(Credential.CredentialType.Id, ct);
        return true;
    }

    protected static string Outcome(CredentialResponse c) => c.LatestVersion.Approval.Status == Approval.Pending
        ? "It is Pending until the SiteReady compliance team verifies it."
        : $"Its status is {StatusNames.Display(c.Status)}.";
}
