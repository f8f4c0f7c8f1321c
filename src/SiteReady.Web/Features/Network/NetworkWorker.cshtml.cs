using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Network;

/// <summary>
/// My network › Companies › company › Workers › worker (R-K6): the profile of a worker connected to this client
/// and their credentials, each opening to its file and details. Workers outside the network are not found (404).
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class NetworkWorkerModel(NetworkCompanies companies, ListCredentials credentials) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid CompanyId { get; set; }
    [FromRoute] public Guid WorkerId { get; set; }
    /// <summary>null (Profile) or "credentials".</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "archived")] public bool Archived { get; set; }

    public string CompanyName { get; private set; } = "";
    public NetworkWorkerResponse Worker { get; private set; } = null!;
    public PageOf<CredentialRow> Credentials { get; private set; } = new([], 1, 1, 0);
    public bool OnCredentialsTab => Tab == "credentials";
    public string Name => StatusNames.PersonName(Worker.FirstName, Worker.LastName, Worker.Email);
    public string CompanyPath => $"/orgs/{OrgId}/network/companies/{CompanyId}";
    public string PagePath => $"{CompanyPath}/workers/{WorkerId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Worker = await companies.WorkerAsync(CompanyId, WorkerId, ct);
            CompanyName = (await companies.GetAsync(CompanyId, ct)).Name;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        Credentials = await credentials.HandleAsync(new ListCredentialsQuery(WorkerId, CompanyId, null, null, null, null, OnCredentialsTab && Archived ? true : null,
            "type", 1, OnCredentialsTab ? Paging.MaxPageSize : 1), ct);
        return Page();
    }
}
