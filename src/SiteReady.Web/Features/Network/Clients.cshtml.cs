using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Network;

/// <summary>A contractor's My network: its clients. Changes need workers.manage, as in the API.</summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class ClientsModel(Connections connections, AppDb db, Actor actor) : ConnectionsPageModel(connections, db, actor)
{
    public override OrganizationKind Side => OrganizationKind.Contractor;
    protected override string ManagePermission => Permissions.WorkersManage;
    public override string PagePath => $"/orgs/{OrgId}/network";

    /// <summary>A client's My network lists companies; send it there.</summary>
    public override async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        ActingKind == OrganizationKind.Client ? Redirect($"/orgs/{OrgId}/network/companies") : await base.OnGetAsync(ct);
}
