namespace SiteReady.Domain.Credentials;

public enum ImportStatus { Queued, Running, Succeeded, Failed }

/// <summary>What a running import is doing: checking every row, storing the ZIP's files, writing the rows.</summary>
public enum ImportPhase { Validating, StoringFiles, Writing }

/// <summary>
/// One problem found in an import. <see cref="Row"/> counts the file's lines as a spreadsheet shows them: the
/// header is row 1, the first data row is row 2 (a quoted field spanning lines still counts as one row).
/// Row and column are null for a problem with the whole upload.
/// </summary>
public sealed record ImportRowError(int? Row, string? Column, string Message);

/// <summary>What an import did (or, for a dry run, would do), row by row.</summary>
public sealed record ImportCounts(int TotalRows, int CreatedRows, int VersionRows, int SkippedRows);

/// <summary>
/// R-K8: a bulk upload of credentials by CSV (and a ZIP of their files), run in the background. It is all or
/// nothing: either every row is written in one transaction, or nothing is and <see cref="Errors"/> says why.
/// Claiming and leases are conditional updates in the data layer (several instances may run imports);
/// this class guards the outcome.
/// </summary>
public class CredentialImport : ITenantOwned
{
    /// <summary>Problems kept for the report; <see cref="ErrorCount"/> counts them all.</summary>
    public const int MaxStoredErrors = 10_000;

    /// <summary>An import that stopped the process this many times (or was interrupted as often) is given up.</summary>
    public const int MaxAttempts = 3;

    private IReadOnlyList<ImportRowError> _errors = [];

    private CredentialImport() { }

    public CredentialImport(Guid id, Guid contractorId, Guid byUserId, bool isDryRun, string? dateFormat,
        string csvFileName, string csvStorageKey, long csvSize, string csvSha256,
        string? mediaFileName, string? mediaStorageKey, long? mediaSize, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = contractorId;
        CreatedByUserId = byUserId;
        CreatedAt = now;
        IsDryRun = isDryRun;
        DateFormat = dateFormat;
        CsvFileName = csvFileName;
        CsvStorageKey = csvStorageKey;
        CsvSize = csvSize;
        CsvSha256 = csvSha256;
        MediaFileName = mediaFileName;
        MediaStorageKey = mediaStorageKey;
        MediaSize = mediaSize;
        Status = ImportStatus.Queued;
    }

    public Guid Id { get; private set; }
    /// <summary>The contractor importing its own workers' (and its company's) credentials.</summary>
    public Guid OrganizationId { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public bool IsDryRun { get; private set; }
    /// <summary>The uploader's date format (e.g. <c>dd/MM/yyyy</c>); null means ISO 8601 (<c>yyyy-MM-dd</c>).</summary>
    public string? DateFormat { get; private set; }

    public string CsvFileName { get; private set; } = "";
    /// <summary>Where the upload waits in the file store until the import has run; null once it is removed.</summary>
    public string? CsvStorageKey { get; private set; }
    public long CsvSize { get; private set; }
    public string CsvSha256 { get; private set; } = "";
    public string? MediaFileName { get; private set; }
    public string? MediaStorageKey { get; private set; }
    public long? MediaSize { get; private set; }

    public ImportStatus Status { get; private set; }
    public ImportPhase? Phase { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    /// <summary>While Running: the instance running it renews this; once it has passed, another may take the import over.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Data rows in the file, known once the validation phase has read them all.</summary>
    public int? TotalRows { get; private set; }
    /// <summary>Rows through the current phase: checked while validating, then written or skipped while writing.</summary>
    public int ProcessedRows { get; private set; }
    public int CreatedRows { get; private set; }
    public int VersionRows { get; private set; }
    public int SkippedRows { get; private set; }
    public int ErrorCount { get; private set; }
    public IReadOnlyList<ImportRowError> Errors => _errors;
    /// <summary>A sentence for people: what happened, in one line.</summary>
    public string? Message { get; private set; }
    public int Version { get; set; }

    public bool IsFinished => Status is ImportStatus.Succeeded or ImportStatus.Failed;

    /// <summary>Every row is written (or, in a dry run, would be); <paramref name="counts"/> says how.</summary>
    public void Succeed(ImportCounts counts, DateTimeOffset now)
    {
        EnsureRunning();
        Status = ImportStatus.Succeeded;
        Finish(counts, now);
        ProcessedRows = counts.TotalRows;
        Message = IsDryRun
            ? $"Dry run: all {counts.TotalRows} rows are valid; nothing was written. A real run would add {counts.CreatedRows} credentials and {counts.VersionRows} new versions, and skip {counts.SkippedRows} rows already recorded."
            : $"Imported {counts.TotalRows} rows: {counts.CreatedRows} credentials added, {counts.VersionRows} new versions, {counts.SkippedRows} rows already recorded.";
    }

    /// <summary>
    /// Nothing was written. <paramref name="errorCount"/> may exceed the errors given (only the first
    /// <see cref="MaxStoredErrors"/> are kept); <paramref name="totalRows"/> is known when every row was read.
    /// </summary>
    public void Fail(IReadOnlyList<ImportRowError> errors, int errorCount, string message, int? totalRows, int processedRows, DateTimeOffset now)
    {
        if (IsFinished) throw new DomainException("import-finished", "This import has already finished.");
        Status = ImportStatus.Failed;
        _errors = errors.Take(MaxStoredErrors).ToList();
        ErrorCount = Math.Max(errorCount, _errors.Count);
        Message = message;
        Finish(totalRows is { } total ? new ImportCounts(total, 0, 0, 0) : null, now);
        ProcessedRows = processedRows;
    }

    private void Finish(ImportCounts? counts, DateTimeOffset now)
    {
        if (counts is not null)
        {
            TotalRows = counts.TotalRows;
            CreatedRows = counts.CreatedRows;
            VersionRows = counts.VersionRows;
            SkippedRows = counts.SkippedRows;
        }
        FinishedAt = now;
        LeaseUntil = null;
        Phase = null;
        // The upload is no longer needed once the outcome is recorded; the runner removes the files.
        CsvStorageKey = null;
        MediaStorageKey = null;
    }

    private void EnsureRunning()
    {
        if (Status != ImportStatus.Running) throw new DomainException("import-finished", "This import is not running.");
    }
}
