using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Network;

/// <summary>
/// My network › Companies › company (R-K6): a connected contractor's workers who are connected to this client,
/// and its company credentials. Any other organisation's id is not found (404).
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class CompanyModel(NetworkCompanies companies, ListCredentials credentials) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid CompanyId { get; set; }
    /// <summary>null (Workers) or "credentials" (company credentials).</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "archived")] public bool Archived { get; set; }

    public NetworkCompanyResponse Company { get; private set; } = null!;
    public PageOf<CredentialRow> Credentials { get; private set; } = new([], 1, 1, 0);
    public bool OnCredentialsTab => Tab == "credentials";
    public string PagePath => $"/orgs/{OrgId}/network/companies/{CompanyId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Company = await companies.GetAsync(CompanyId, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        Credentials = await credentials.HandleAsync(new ListCredentialsQuery(null, CompanyId, null, null, null, null, OnCredentialsTab && Archived ? true : null,
            "type", 1, OnCredentialsTab ? Paging.MaxPageSize : 1, nameof(CredentialSubject.Company)), ct);
        return Page();
    }
}
