using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// Worker portal › My credentials: a self-managed worker's own credentials with their status, and why one was
/// not accepted (the same rules as <c>GET /api/v1/me/credentials</c>). Employer-managed workers are told who does it.
/// </summary>
public sealed class MyCredentialsModel(OwnCredentials own, CredentialDetails details) : PageModel
{
    public IReadOnlyList<CredentialRow> Items { get; private set; } = [];
    /// <summary>Why each not-accepted credential was refused, by credential id.</summary>
    public IReadOnlyDictionary<Guid, string?> Reasons { get; private set; } = new Dictionary<Guid, string?>();
    public bool ManagesOwn { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Items = (await own.ListAsync(User.UserId()!.Value, ct)).Items;
            ManagesOwn = true;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Forbidden)
        {
            return;
        }
        var reasons = new Dictionary<Guid, string?>();
        foreach (var row in Items.Where(r => r.Status == CredentialStatus.NotAccepted))
            reasons[row.Id] = (await details.GetAsync(row.Id, ct)).LatestVersion.Approval.Reason;
        Reasons = reasons;
    }
}
