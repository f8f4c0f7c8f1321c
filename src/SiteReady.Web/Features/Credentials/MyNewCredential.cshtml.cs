using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

/// <summary>Worker portal › My credentials › Add: a self-managed worker adds their own credential (OwnCredentials, as the API).</summary>
public sealed class MyNewCredentialModel(OwnCredentials own, CredentialDetails details, StreamingMultipart multipart, IAntiforgery antiforgery)
    : CredentialUploadPageModel(multipart, antiforgery)
{
    public IReadOnlyList<CredentialTypeResponse> Types { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Redirect("/me/credentials");

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var userId = User.UserId()!.Value;
        IActionResult? done;
        try
        {
            done = await ReceiveAsync(async read =>
            {
                var credential = await own.AddAsync(userId, read, ct);
                var added = await details.ToResponseAsync(credential, ct);
                TempData["Flash"] = $"Your {added.CredentialType.Name} was added. " + (added.Status == CredentialStatus.Pending
                    ? "It is Pending until the SiteReady compliance team verifies it."
                    : $"Its status is {StatusNames.Display(added.Status)}.");
                return "/me/credentials";
            });
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Forbidden)
        {
            return Redirect("/me/credentials");
        }
        if (done is not null) return done;
        return await LoadAsync(ct) ? Page() : Redirect("/me/credentials");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Types = await own.TypesAsync(User.UserId()!.Value, ct);
            return true;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Forbidden)
        {
            return false;
        }
    }
}
