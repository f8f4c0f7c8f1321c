using Microsoft.AspNetCore.Authorization;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// Credentials: every credential of the contractor's workers and of the company itself, with filters,
/// "Show archived" (R-K5) and Export CSV (R-K9). Adding needs credentials.manage.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class CredentialsModel(ListCredentials list, ExportCredentials export, CredentialTypes types, ListWorkers workers, Actor actor)
    : CredentialListPageModel(list, export, types, actor)
{
    public const int MaxWorkerChoices = 500;

    protected override OrganizationKind Side => OrganizationKind.Contractor;
    public override string PagePath => $"/orgs/{OrgId}/credentials";
    public IReadOnlyList<WorkerResponse> Workers { get; private set; } = [];

    protected override async Task LoadChoicesAsync(CancellationToken ct) =>
        Workers = (await workers.HandleAsync(new ListWorkersQuery(null, null, null, null, null, null, 1, MaxWorkerChoices), ct)).Items;
}
