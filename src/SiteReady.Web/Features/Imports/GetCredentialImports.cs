using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// An import's status and report. <c>errors</c> lists the problems found (row 1 is the header, so the first data
/// row is row 2); at most <see cref="CredentialImport.MaxStoredErrors"/> are kept, <c>errorCount</c> counts all.
/// </summary>
public sealed record CredentialImportResponse(
    Guid Id, ImportStatus Status, bool DryRun, ImportPhase? Phase, int? TotalRows, int ProcessedRows,
    int CreatedRows, int VersionRows, int SkippedRows, int ErrorCount, bool ErrorsTruncated, IReadOnlyList<ImportRowError> Errors,
    string? Message, string? DateFormat, string FileName, string? MediaFileName, Guid CreatedByUserId,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>An organisation's imports; a running one shows this instance's live count when it runs here.</summary>
public sealed class GetCredentialImports(AppDb db, ImportProgress progress)
{
    public async Task<CredentialImportResponse> GetAsync(Guid id, CancellationToken ct)
    {
        var import = await db.CredentialImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new DomainException(Problems.NotFound, "No such import.", DomainErrorKind.NotFound);
        return ToResponse(import, withErrors: true);
    }

    /// <summary>Newest first, without the error lists (open one import for its report).</summary>
    public async Task<PageOf<CredentialImportResponse>> ListAsync(int? page, int? pageSize, CancellationToken ct) =>
        await Paging.From(page, pageSize).ApplyAsync(
            db.CredentialImports.AsNoTracking().OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id),
            i => ToResponse(i, withErrors: false), ct);

    private CredentialImportResponse ToResponse(CredentialImport i, bool withErrors)
    {
        var (phase, processed, total) = (i.Phase, i.ProcessedRows, i.TotalRows);
        if (i.Status == ImportStatus.Running && progress.Of(i.Id) is { } live)
            (phase, processed, total) = (live.Phase, live.ProcessedRows, live.TotalRows ?? total);
        return new CredentialImportResponse(i.Id, i.Status, i.IsDryRun, phase, total, processed, i.CreatedRows, i.VersionRows, i.SkippedRows,
            i.ErrorCount, i.ErrorCount > i.Errors.Count, withErrors ? i.Errors : [], i.Message, i.DateFormat, i.CsvFileName, i.MediaFileName,
            i.CreatedByUserId, i.CreatedAt, i.StartedAt, i.FinishedAt);
    }
}
