using Microsoft.AspNetCore.Authorization;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Network;

/// <summary>A client's My network › Companies: its contractors. Changes need companies.manage, as in the API.</summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class CompaniesModel(Connections connections, AppDb db, Actor actor) : ConnectionsPageModel(connections, db, actor)
{
    public override OrganizationKind Side => OrganizationKind.Client;
    protected override string ManagePermission => Permissions.CompaniesManage;
    public override string PagePath => $"/orgs/{OrgId}/network/companies";
}
