using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Imports;

/// <summary>An import stopped for a reason its uploader should read (the runner records it as the outcome).</summary>
public sealed class ImportStoppedException(string message) : Exception(message);

/// <summary>
/// R-K8: runs one claimed import, in a scope acting for its organisation as its uploader. First pass: check
/// every row (<see cref="PlanCredentialImport"/>); a dry run ends there. Otherwise the ZIP's files go into the
/// file store, then every planned row is written in one transaction that also records the outcome, so the rows
/// and "succeeded" are committed together or not at all.
/// </summary>
public sealed class RunCredentialImport(
    AppDb db, PlanCredentialImport planner, IFileStore files, TimeProvider clock, SiteReadyPaths paths,
    ImportProgress progress, IServiceScopeFactory scopes, ILogger<RunCredentialImport> log)
{
    public async Task RunAsync(Guid importId, CancellationToken ct)
    {
        var import = await db.CredentialImports.SingleAsync(i => i.Id == importId, ct);
        var uploads = new[] { import.CsvStorageKey, import.MediaStorageKey }.OfType<string>().ToList();
        var live = progress.Start(import.Id);
        try
        {
            await using var heartbeat = new ImportHeartbeat(scopes, import.OrganizationId, import.Id, live, clock, log);
            await RunAsync(import, live, heartbeat, ct);
        }
        finally
        {
            progress.End(import.Id);
        }
        // The outcome is recorded; the upload is no longer needed.
        foreach (var key in uploads) await files.DeleteAsync(key, CancellationToken.None);
    }

    private async Task RunAsync(CredentialImport import, ImportProgress.Live live, ImportHeartbeat heartbeat, CancellationToken ct)
    {
        live.Phase = ImportPhase.Validating;
        var timer = System.Diagnostics.Stopwatch.StartNew();
        await using var csv = (import.CsvStorageKey is { } csvKey ? await files.OpenReadAsync(csvKey, ct) : null)
            ?? throw new ImportStoppedException("The uploaded CSV file is no longer in storage; upload it again.");
        using var media = await OpenMediaAsync(import, ct);
        var ids = new IdSequence(clock.GetUtcNow());

        using var outcome = await planner.RunAsync(import, csv, media, ids, live, ct);
        log.LogInformation("Import {ImportId}: checked {Rows} rows in {Elapsed} ms, {Errors} problems.", import.Id, outcome.RowsRead, timer.ElapsedMilliseconds, outcome.ErrorCount);
        if (outcome.Failed)
        {
            var message = outcome.FileProblem
                ?? $"Found {outcome.ErrorCount} {(outcome.ErrorCount == 1 ? "problem" : "problems")} in the file{(import.IsDryRun ? "" : "; nothing was imported")}. Correct the rows listed and upload the file again.";
            import.Fail(outcome.Errors, outcome.ErrorCount, message, outcome.TotalRows, outcome.RowsRead, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return;
        }
        var counts = new ImportCounts(outcome.TotalRows!.Value, outcome.Created, outcome.Versions, outcome.Skipped);
        if (import.IsDryRun || outcome.Plan is null)
        {
            import.Succeed(counts, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return;
        }

        live.Phase = ImportPhase.StoringFiles;
        using var stored = ImportPlan<PlannedFile>.Files(paths.SpoolDirectory);
        try
        {
            timer.Restart();
            await StoreFilesAsync(outcome.Plan, media, stored, ids, live, ct);
            if (stored.Count > 0) log.LogInformation("Import {ImportId}: stored {Files} files in {Elapsed} ms.", import.Id, stored.Count, timer.ElapsedMilliseconds);
            live.Phase = ImportPhase.Writing;
            timer.Restart();
            var write = new ImportWrite(import.OrganizationId, import.CreatedByUserId, clock.GetUtcNow(), outcome.Plan, stored, outcome.Touched, outcome.Skipped, live);
            var sqlite = !db.Database.IsNpgsql();
            // SQLite has one writer: the heartbeat waits rather than queue behind this transaction.
            using (sqlite ? await heartbeat.HoldAsync(ct) : null)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await EnsureUnchangedAsync(outcome.Expected, ct);
                // Who lists the new credentials, read under the network's listing locks: they are listed as they are written.
                var listings = await ImportListings.LoadAsync(db, write, ct);
                if (sqlite)
                    SqliteCredentialRows.Write((SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)transaction.GetDbTransaction(), write, listings, ct);
                else
                    await PostgresCredentialRows.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), write, listings, ct);
                var written = timer.ElapsedMilliseconds;
                if (sqlite)
                    SqliteCredentialRows.Count((SqliteConnection)db.Database.GetDbConnection(), listings, ct);
                else
                    await PostgresCredentialRows.CountAsync((NpgsqlConnection)db.Database.GetDbConnection(), listings, ct);
                var counted = timer.ElapsedMilliseconds;
                await RelistAsync(import.OrganizationId, outcome.Touched, ct);
                log.LogInformation(
                    "Import {ImportId}: inserted rows and {Listings} listings in {Inserted} ms, counted them in {Counted} ms, relisted {Renewed} renewed credentials in {Relisted} ms.",
                    import.Id, listings.Written, written, counted - written, outcome.Touched.Count, timer.ElapsedMilliseconds - counted);
                import.Succeed(counts, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            log.LogInformation("Import {ImportId}: wrote {Rows} rows in {Elapsed} ms.", import.Id, outcome.Plan.Count, timer.ElapsedMilliseconds);
        }
        catch
        {
            foreach (var file in stored.Read()) await files.DeleteAsync(file.StorageKey, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Credentials that got versions (existing ones, and new ones a later row renewed) are listed again from their latest
    /// values through <see cref="Listings.RefreshAsync"/>, in the same transaction: the rows bypassed <see cref="AppDb"/>'s save.
    /// </summary>
    private async Task RelistAsync(Guid organizationId, IReadOnlyCollection<Guid> touched, CancellationToken ct)
    {
        if (touched.Count == 0) return;
        var changes = new Listings.Changes();
        changes.Contractors.Add(organizationId);
        changes.Credentials.UnionWith(touched);
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.Zero);
        try
        {
            await Listings.RefreshAsync(db, changes, ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>The ZIP, seekable: read in place when the store gives a file, else copied to a temporary file first.</summary>
    private async Task<MediaArchive?> OpenMediaAsync(CredentialImport import, CancellationToken ct)
    {
        if (import.MediaStorageKey is not { } key) return null;
        var content = await files.OpenReadAsync(key, ct)
            ?? throw new ImportStoppedException("The uploaded ZIP file is no longer in storage; upload it again.");
        if (!content.CanSeek)
        {
            var copy = new FileStream(Path.Combine(paths.SpoolDirectory, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + ".upload"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (content) await content.CopyToAsync(copy, ct);
            copy.Position = 0;
            content = copy;
        }
        try
        {
            return MediaArchive.Open(content);
        }
        catch (RequestValidationException refused)
        {
            throw new ImportStoppedException(string.Join(" ", refused.Errors.SelectMany(e => e.Value)));
        }
    }

    /// <summary>Each planned row's file goes into the store under a new key, decompressed within its checked size.</summary>
    private async Task StoreFilesAsync(ImportPlan<PlannedRow> plan, MediaArchive? media, ImportPlan<PlannedFile> stored, IdSequence ids, ImportProgress.Live live, CancellationToken ct)
    {
        if (media is null) return;
        var done = 0;
        foreach (var row in plan.Read())
        {
            if (row.Entry < 0) continue;
            var check = media.Inspect(row.Entry);
            var key = StorageKeys.New(clock.GetUtcNow());
            await using (var content = media.OpenChecked(row.Entry))
                await files.PutAsync(key, content, check.Size, check.ContentType!, ct);
            stored.Add(new PlannedFile(ids.Next(), row.VersionId, key, FileNames.Sanitise(media.NameOf(row.Entry), check.ContentType!), check.ContentType!, check.Size, check.Sha256));
            live.Processed(++done);
        }
    }

    /// <summary>
    /// Credentials that get a new version must not have changed since the first pass read them (a version added or
    /// the credential archived meanwhile): the version numbers planned would be wrong.
    /// </summary>
    private async Task EnsureUnchangedAsync(IReadOnlyDictionary<Guid, int> expected, CancellationToken ct)
    {
        if (expected.Count == 0) return;
        var ids = expected.Keys.ToList();
        var current = new Dictionary<Guid, int>();
        foreach (var chunk in ids.Chunk(1000))
            foreach (var c in await db.Credentials.AsNoTracking().Where(c => chunk.Contains(c.Id) && !c.IsArchived).Select(c => new { c.Id, c.Version }).ToListAsync(ct))
                current[c.Id] = c.Version;
        if (ids.Any(id => !current.TryGetValue(id, out var version) || version != expected[id]))
            throw new ImportStoppedException("Some of these credentials changed while the import ran (a version was added, or one was archived or deleted); nothing was imported. Upload the file again.");
    }
}

/// <summary>
/// Saves a running import's progress and renews its lease every few seconds from its own scope, so other
/// instances see progress and know the import is alive.
/// </summary>
public sealed class ImportHeartbeat : IAsyncDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly IServiceScopeFactory _scopes;
    private readonly Guid _organizationId;
    private readonly Guid _importId;
    private readonly ImportProgress.Live _live;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;

    public ImportHeartbeat(IServiceScopeFactory scopes, Guid organizationId, Guid importId, ImportProgress.Live live, TimeProvider clock, ILogger log)
    {
        (_scopes, _organizationId, _importId, _live, _clock, _log) = (scopes, organizationId, importId, live, clock, log);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Keeps the heartbeat from the database until disposed.</summary>
    public async Task<IDisposable> HoldAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Every, _stop.Token);
                await _gate.WaitAsync(_stop.Token);
                try
                {
                    await SaveAsync(_stop.Token);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Saving the progress of import {ImportId} failed.", _importId);
            }
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        using var scope = _scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<Platform.Tenancy.TenantContext>().Use(_organizationId);
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var (processed, total, phase) = (_live.ProcessedRows, _live.TotalRows, (ImportPhase?)_live.Phase);
        var leaseUntil = _clock.GetUtcNow() + CredentialImportRunner.Lease;
        await db.CredentialImports.Where(i => i.Id == _importId && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.ProcessedRows, processed)
                .SetProperty(i => i.TotalRows, total)
                .SetProperty(i => i.Phase, phase)
                .SetProperty(i => i.LeaseUntil, leaseUntil), ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
