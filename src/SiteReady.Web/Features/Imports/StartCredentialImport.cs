using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// R-K8: a contractor uploads a CSV of credentials (multipart field <c>csv</c>), optionally a ZIP of their files
/// (<c>media</c>) and a date format (<c>dateFormat</c>). Both are streamed to disk within their limits, the ZIP's
/// directory is checked, both go into the file store, and the import is queued for the background runner.
/// </summary>
public sealed class StartCredentialImport(
    AppDb db, Actor actor, StreamingMultipart multipart, LargeUploadSpool spool, IFileStore files, TimeProvider clock, ImportSignal signal)
{
    public const long MaxCsvBytes = 2L * 1024 * 1024 * 1024;
    public const long MaxMediaBytes = 2L * 1024 * 1024 * 1024;

    public Task<CredentialImport> HandleAsync(HttpRequest request, bool dryRun, CancellationToken ct) =>
        HandleAsync(request, _ => Task.FromResult(dryRun), ct);

    /// <summary>
    /// For the import page: <paramref name="isDryRun"/> runs once the form is read and before anything is checked or
    /// stored, so the page can validate its antiforgery token and read the dry-run choice from the form.
    /// </summary>
    public async Task<CredentialImport> HandleAsync(HttpRequest request, Func<MultipartForm, Task<bool>> isDryRun, CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor)
            throw new DomainException("wrong-organization-kind", "Only contractors import credentials: their workers' and their company's own.", DomainErrorKind.Invalid);

        using var form = await multipart.ReadAsync(request, 2, Math.Max(MaxCsvBytes, MaxMediaBytes), SpoolAsync, ct);
        var dryRun = await isDryRun(form);
        var errors = new FieldErrors();
        var csv = form.Files.Where(f => f.Field == "csv").ToList();
        var media = form.Files.Where(f => f.Field == "media").ToList();
        if (csv.Count == 0) errors.Add("csv", $"Required: the CSV file, with the columns {string.Join(", ", ImportCsv.ColumnNames)}.");
        if (csv.Count > 1) errors.Add("csv", "Send one CSV file.");
        if (media.Count > 1) errors.Add("media", "Send all the files in one ZIP archive.");
        var dateFormat = form.Field("dateFormat")?.Trim() is { Length: > 0 } format ? format : null;
        if (dateFormat is not null && ImportDates.Problem(dateFormat) is { } problem) errors.Add("dateFormat", problem);
        errors.ThrowIfAny();
        if (media.Count == 1)
        {
            using var archive = MediaArchive.Open(media[0].OpenRead()); // refuses a hostile or broken ZIP now, before anything is stored
        }

        var stored = new List<string>();
        try
        {
            var csvKey = await StoreAsync(csv[0], stored, ct);
            var mediaKey = media.Count == 1 ? await StoreAsync(media[0], stored, ct) : null;
            var import = new CredentialImport(Ids.New(clock), actor.OrganizationId!.Value, actor.UserId, dryRun, dateFormat,
                csv[0].FileName, csvKey, csv[0].Size, csv[0].Sha256,
                media.Count == 1 ? media[0].FileName : null, mediaKey, media.Count == 1 ? media[0].Size : null, clock.GetUtcNow());
            db.CredentialImports.Add(import);
            await db.SaveChangesAsync(ct);
            signal.Notify();
            return import;
        }
        catch
        {
            foreach (var key in stored) await files.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    private Task<SpooledFile> SpoolAsync(Stream body, string? fileName, string field, CancellationToken ct) => field switch
    {
        "csv" => spool.ReadAsync(body, fileName, field, MaxCsvBytes, CsvContentType, ct),
        "media" => spool.ReadAsync(body, fileName, field, MaxMediaBytes, MediaArchive.ContentTypeOf, ct),
        _ => throw RequestValidationException.For(field, "Unexpected file: send the CSV in the field csv and the ZIP of credential files in the field media."),
    };

    /// <summary>Refuses what is plainly not a CSV in UTF-8; the rows themselves are checked by the import.</summary>
    private static string CsvContentType(ReadOnlyMemory<byte> head)
    {
        var span = head.Span;
        if (span.StartsWith("PK\x03\x04"u8))
            throw RequestValidationException.For("csv", "This is a ZIP archive or an Excel workbook, not CSV. In Excel choose Save As → \"CSV UTF-8 (Comma delimited)\".");
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw RequestValidationException.For("csv", "This file is UTF-16 text. Save it as \"CSV UTF-8\".");
        if (span.Contains((byte)0))
            throw RequestValidationException.For("csv", "This is not a text file. Upload the credentials as CSV (UTF-8).");
        return "text/csv";
    }

    private async Task<string> StoreAsync(SpooledFile upload, List<string> stored, CancellationToken ct)
    {
        var key = "imports/" + StorageKeys.New(clock.GetUtcNow());
        await using (var content = upload.OpenRead())
            await files.PutAsync(key, content, upload.Size, upload.ContentType, ct);
        stored.Add(key);
        return key;
    }
}
