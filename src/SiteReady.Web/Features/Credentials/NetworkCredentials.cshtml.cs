using Microsoft.AspNetCore.Authorization;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Network;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// A client's My network › Worker credentials (R-K6): every credential of its contractors' workers who are
/// connected to it, and its contractors' company credentials, with filters, sorting, paging and Export CSV.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class NetworkCredentialsModel(ListCredentials list, ExportCredentials export, CredentialTypes types, Connections connections,
    NetworkCompanies companies, Locations locations, Actor actor)
    : CredentialListPageModel(list, export, types, actor)
{
    protected override OrganizationKind Side => OrganizationKind.Client;
    public override string PagePath => $"/orgs/{OrgId}/network/credentials";
    public IReadOnlyList<ConnectionResponse> Companies { get; private set; } = [];
    /// <summary>The chosen company's workers in this network; empty until a company is chosen.</summary>
    public IReadOnlyList<NetworkWorkerResponse> Workers { get; private set; } = [];
    public IReadOnlyList<LocationResponse> Locations { get; private set; } = [];

    protected override async Task LoadChoicesAsync(CancellationToken ct)
    {
        Companies = (await connections.ListAsync(nameof(ConnectionStatus.Connected), 1, Paging.MaxPageSize, ct)).Items;
        Locations = (await locations.ListAsync(1, Paging.MaxPageSize, ct)).Items;
        if (CompanyFilter is { } company && Companies.Any(c => c.OrganizationId == company))
            Workers = await companies.WorkersAsync(company, ct);
    }
}
