using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Storage;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// Runs queued credential imports in the background (R-K8), one at a time per instance and one at a time per
/// organisation. It wakes when an upload is queued (<see cref="ImportSignal"/>) or every
/// <c>SiteReady:Imports:PollSeconds</c>, and takes the oldest import that is Queued, or Running with a lapsed
/// lease (its instance stopped): so imports left behind by a restart or a crash run again, from the start,
/// since nothing of an unfinished import was committed. One interrupted <see cref="CredentialImport.MaxAttempts"/>
/// times is failed with a message. On a clean shutdown the running import goes back to the queue.
/// </summary>
public sealed class CredentialImportRunner(
    IServiceScopeFactory scopes, ImportSignal signal, IConfiguration configuration, TimeProvider clock, ILogger<CredentialImportRunner> log)
    : BackgroundService
{
    /// <summary>How long a running import stays its instance's without a heartbeat.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("SiteReady:Imports:RunnerEnabled", true)) return;
        var poll = TimeSpan.FromSeconds(configuration.GetValue("SiteReady:Imports:PollSeconds", 10.0));
        await Task.Yield(); // let the host finish starting
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunNextAsync(stoppingToken)) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "The credential import runner failed; it tries again at the next poll.");
            }
            await signal.WaitAsync(poll, stoppingToken);
        }
    }

    /// <summary>Runs the next claimable import to its end; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        List<CrossTenant.ImportCandidate> candidates;
        using (var scope = scopes.CreateScope())
            candidates = await scope.ServiceProvider.GetRequiredService<AppDb>().ClaimableCredentialImportsAsync(clock.GetUtcNow(), 20, ct);
        foreach (var candidate in candidates)
        {
            if (candidate.Attempts >= CredentialImport.MaxAttempts)
            {
                await FailAsync(candidate, $"The import was interrupted {candidate.Attempts} times (the server stopped while it ran); nothing was imported. Upload the file again, or split it into smaller files.");
                continue;
            }
            bool claimed;
            using (var scope = scopes.CreateScope())
            {
                var now = clock.GetUtcNow();
                claimed = await scope.ServiceProvider.GetRequiredService<AppDb>().ClaimCredentialImportAsync(candidate, now, now + Lease, ct);
            }
            if (!claimed) continue; // another instance took it, or another import of the organisation is running
            await RunClaimedAsync(candidate, ct);
            return true;
        }
        return false;
    }

    private async Task RunClaimedAsync(CrossTenant.ImportCandidate candidate, CancellationToken ct)
    {
        try
        {
            using var scope = await ActAsUploaderAsync(candidate, ct);
            if (scope is null)
            {
                await FailAsync(candidate, "The person who uploaded this file may no longer manage credentials in this organisation; nothing was imported.");
                return;
            }
            await scope.ServiceProvider.GetRequiredService<RunCredentialImport>().RunAsync(candidate.Id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await ReleaseAsync(candidate);
            throw;
        }
        catch (ImportStoppedException stopped)
        {
            await FailAsync(candidate, stopped.Message);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Credential import {ImportId} failed.", candidate.Id);
            await FailAsync(candidate, $"An unexpected error stopped the import; nothing was imported. Try again, or contact support quoting import {candidate.Id}.");
        }
    }

    /// <summary>A scope acting for the import's organisation as its uploader, as a request of theirs would; null when they lost the right.</summary>
    private async Task<IServiceScope?> ActAsUploaderAsync(CrossTenant.ImportCandidate candidate, CancellationToken ct)
    {
        var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var membership = await services.GetRequiredService<AppDb>().ActiveMembershipAsync(candidate.CreatedByUserId, candidate.OrganizationId, ct);
        if (membership is null || !membership.Role.Grants(Permissions.CredentialsManage) || membership.Kind != OrganizationKind.Contractor)
        {
            scope.Dispose();
            return null;
        }
        services.GetRequiredService<TenantContext>().Use(candidate.OrganizationId);
        var actor = services.GetRequiredService<Actor>();
        actor.UserId = candidate.CreatedByUserId;
        actor.OrganizationId = candidate.OrganizationId;
        actor.Role = membership.Role;
        actor.OrganizationKind = membership.Kind;
        return scope;
    }

    /// <summary>Records the failure (if the import is not finished already) and removes the upload.</summary>
    private async Task FailAsync(CrossTenant.ImportCandidate candidate, string message)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(candidate.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var import = await db.CredentialImports.SingleOrDefaultAsync(i => i.Id == candidate.Id, CancellationToken.None);
        if (import is null || import.IsFinished) return;
        var uploads = new[] { import.CsvStorageKey, import.MediaStorageKey }.OfType<string>().ToList();
        import.Fail([new ImportRowError(null, null, message)], 1, message, null, 0, clock.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        var files = scope.ServiceProvider.GetRequiredService<IFileStore>();
        foreach (var key in uploads) await files.DeleteAsync(key, CancellationToken.None);
    }

    /// <summary>A clean shutdown: the import waits in the queue for the next start, without counting as an attempt.</summary>
    private async Task ReleaseAsync(CrossTenant.ImportCandidate candidate)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(candidate.OrganizationId);
            await scope.ServiceProvider.GetRequiredService<AppDb>().CredentialImports
                .Where(i => i.Id == candidate.Id && i.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ImportStatus.Queued)
                    .SetProperty(i => i.Attempts, i => i.Attempts - 1)
                    .SetProperty(i => i.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(i => i.Phase, (ImportPhase?)null)
                    .SetProperty(i => i.ProcessedRows, 0), CancellationToken.None);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Credential import {ImportId} could not be put back in the queue; it runs again once its lease lapses.", candidate.Id);
        }
    }
}
