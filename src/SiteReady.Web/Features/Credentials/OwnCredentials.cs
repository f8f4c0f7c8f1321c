using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// A self-managed worker's own credentials (/api/v1/me/credentials and the portal's Credentials page).
/// The records belong to their employer, so the request acts inside that organisation, limited to the worker.
/// </summary>
public sealed class OwnCredentials(AppDb db, Actor actor, ListCredentials list, ManageCredential manage, CredentialTypes types)
{
    /// <summary>Whether the person manages their own credentials (for showing the portal's tab; changes nothing).</summary>
    public async Task<bool> ManagesOwnAsync(Guid userId, CancellationToken ct) =>
        await db.WorkerOfPersonAsync(userId, ct) is { ManagementMode: ManagementMode.SelfManaged, InviteStatus: not InviteStatus.Disabled };

    /// <summary>Self-managed workers act on their own records, inside their employer's organisation; anyone else is refused (403).</summary>
    public async Task<Worker> ActAsSelfManagedWorkerAsync(Guid userId, CancellationToken ct)
    {
        var worker = await db.WorkerOfPersonAsync(userId, ct);
        if (worker is null || worker.ManagementMode != ManagementMode.SelfManaged || worker.InviteStatus == InviteStatus.Disabled)
            throw new DomainException("not-self-managed", "Only self-managed workers manage their own credentials; your employer manages yours.", DomainErrorKind.Forbidden);
        db.Tenant.Use(worker.OrganizationId);
        actor.UserId = userId;
        actor.OrganizationId = worker.OrganizationId;
        actor.OrganizationKind = OrganizationKind.Contractor;
        actor.WorkerId = worker.Id;
        return worker;
    }

    public async Task<PageOf<CredentialRow>> ListAsync(Guid userId, CancellationToken ct)
    {
        var worker = await ActAsSelfManagedWorkerAsync(userId, ct);
        return await list.HandleAsync(new ListCredentialsQuery(worker.Id, null, null, null, null, null, null, null, 1, 500), ct);
    }

    /// <summary>Worker credential types the worker may add: the shared catalogue and their employer's clients' types.</summary>
    public async Task<List<CredentialTypeResponse>> TypesAsync(Guid userId, CancellationToken ct)
    {
        await ActAsSelfManagedWorkerAsync(userId, ct);
        return (await types.ListAsync(ct)).Where(t => t.Subject == CredentialSubject.Worker).ToList();
    }

    /// <summary>The form is read only after the person is known to manage their own credentials.</summary>
    public async Task<Credential> AddAsync(Guid userId, Func<Task<CredentialForm>> readForm, CancellationToken ct)
    {
        var worker = await ActAsSelfManagedWorkerAsync(userId, ct);
        return await manage.AddOwnAsync(worker, await readForm(), ct);
    }
}
