using System.Runtime.CompilerServices;
using CsvHelper;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// R-K8, first pass: reads the CSV once, checks every row as adding one credential does (R-K1) and reports
/// every bad row; for a real run it also decides what each good row writes (<see cref="ImportPlan{T}"/>).
/// Workers, types and what is already recorded are loaded once into dictionaries, so a row costs a few lookups.
/// </summary>
/// <remarks>
/// A row identical to a version already recorded for that worker and type (same issue date, expiry date and
/// number) is skipped, which makes importing the same file twice add nothing. Any other row for a worker and
/// type that already has a credential (not archived) becomes that credential's next version (a renewal,
/// R-K2); otherwise it adds a credential. Two identical rows in one file are an error.
/// </remarks>
public sealed class PlanCredentialImport(AppDb db, CredentialTypes types, SiteReadyPaths paths)
{
    private const int MaxEmail = 254;
    private const int MaxNumber = 100;
    private const int MaxTypeText = 200;
    private const int MaxDateText = 40;

    /// <summary>The first pass's findings; disposing deletes the plan.</summary>
    public sealed class Outcome : IDisposable
    {
        public List<ImportRowError> Errors { get; } = [];
        public int ErrorCount { get; set; }
        /// <summary>Null when the file could not be read to its end.</summary>
        public int? TotalRows { get; set; }
        public int RowsRead { get; set; }
        public int Created { get; set; }
        public int Versions { get; set; }
        public int Skipped { get; set; }
        public string? FileProblem { get; set; }
        public ImportPlan<PlannedRow>? Plan { get; set; }
        /// <summary>Credentials that get versions: their latest-version copy is refreshed after the inserts.</summary>
        public HashSet<Guid> Touched { get; } = [];
        /// <summary>Credentials that existed before and get versions, with the concurrency version read, checked again when writing.</summary>
        public Dictionary<Guid, int> Expected { get; } = [];

        public bool Failed => ErrorCount > 0 || FileProblem is not null;

        /// <summary>Counts a problem; the first <see cref="CredentialImport.MaxStoredErrors"/> are kept for the report.</summary>
        public void AddError(int? row, string? column, string message)
        {
            ErrorCount++;
            if (Errors.Count < CredentialImport.MaxStoredErrors) Errors.Add(new ImportRowError(row, column, message));
        }

        public void Dispose() => Plan?.Dispose();
    }

    // Both indexes (ImportIndex) hold an entry per row, so their entries are kept small: 24 bytes.
    /// <summary>Worker and type in one half; the dates and number, as a fingerprint, in the other.</summary>
    private readonly record struct RowKey(ulong Subject, ulong Details)
    {
        public RowKey(int worker, int type, DateOnly? issue, DateOnly? expiry, string? number)
            : this(SubjectOf(worker, type), Fingerprint(issue, expiry, number)) { }

        /// <summary>A worker (or -1: the company) and a type (from 0): never <see cref="ImportIndex{TValue}.Empty"/>.</summary>
        public static ulong SubjectOf(int worker, int type) => ((ulong)(uint)worker << 32) | (uint)type;
    }

    /// <summary>The credential a worker's next row of a type renews: an existing one (index, from 0) or one this import adds (its id's number in the sequence, negated).</summary>
    private readonly record struct Target(int Credential, int LatestNumber);

    public async Task<Outcome> RunAsync(CredentialImport import, Stream csvContent, MediaArchive? media, IdSequence ids, ImportProgress.Live live, CancellationToken ct)
    {
        var outcome = new Outcome();
        try
        {
            await CheckAsync(import, csvContent, media, ids, live, outcome, ct);
        }
        catch
        {
            outcome.Dispose();
            throw;
        }
        if (outcome.Failed)
        {
            outcome.Plan?.Dispose();
            outcome.Plan = null;
        }
        return outcome;
    }

    private async Task CheckAsync(CredentialImport import, Stream csvContent, MediaArchive? media, IdSequence ids, ImportProgress.Live live, Outcome outcome, CancellationToken ct)
    {
        using var csv = new ImportCsv(csvContent);
        foreach (var problem in csv.ReadHeader()) outcome.AddError(problem.Row, problem.Column, problem.Message);
        if (outcome.ErrorCount > 0)
        {
            outcome.FileProblem = "The header row is not the import format; nothing was imported.";
            return;
        }
        // The records are parsed on another thread from here on, while what they resolve against loads.
        await using var records = new ImportCsvReadAhead(csv);

        // What rows resolve against, loaded once.
        var workerIds = new List<Guid>();
        var workerByEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await LookupRows.ReadAsync(db, WorkersSql, r =>
        {
            if (r.NullableString(1) is { } email) workerByEmail[email.Trim()] = workerIds.Count;
            workerIds.Add(r.Guid(0));
        }, ct);

        var typeList = await types.UsableTypesAsync(ct);
        var typeIndex = typeList.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var typesByName = typeList.Select((t, i) => (t.Name.Trim(), i)).GroupBy(x => x.Item1, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.OrdinalIgnoreCase);
        // Workers by id, for what is recorded already (none on a first import): -1 for the company, -2 for another organisation's worker.
        Dictionary<Guid, int>? workerIndex = null;
        int WorkerOf(Guid? id) => id is { } workerId
            ? (workerIndex ??= workerIds.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i)).GetValueOrDefault(workerId, -2)
            : -1;

        var check = new RowCheck(outcome, media, ids, new ImportDates.Reader(import.DateFormat), ImportDates.Describe(import.DateFormat),
            workerIds, workerByEmail, typeList, typeIndex, typesByName);
        await LookupRows.ReadAsync(db, CredentialsSql, r =>
        {
            if (r.Boolean(3) || !typeIndex.TryGetValue(r.Guid(2), out var t)) return;
            var w = WorkerOf(r.NullableGuid(1));
            if (w == -2) return;
            check.Existing(w, t, r.Guid(0), r.Int32(4), r.Int32(5));
        }, ct);
        await LookupRows.ReadAsync(db, VersionsSql, r =>
        {
            if (!typeIndex.TryGetValue(r.Guid(1), out var t)) return;
            var w = WorkerOf(r.NullableGuid(0));
            if (w == -2) return;
            check.Recorded(w, t, r.NullableDate(2), r.NullableDate(3), r.NullableString(4));
        }, ct);

        outcome.Plan = import.IsDryRun ? null : ImportPlan<PlannedRow>.Rows(paths.SpoolDirectory);
        // The reader has usually read ahead that far while the lookups loaded: the indexes are sized before the first row.
        var ahead = records.ReadSoFar;
        var presized = ahead.Records >= PresizeAfterRows;
        if (presized) check.Presize(import.CsvSize, ahead.CharsRead, ahead.Records);
        var rows = 0;
        try
        {
            while (await records.NextAsync(ct) is { } batch)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    rows++;
                    if ((rows & 1023) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        live.Processed(rows);
                        if (rows == PresizeAfterRows && !presized) check.Presize(import.CsvSize, batch.CharsRead, rows);
                    }
                    check.Row(batch, i);
                }
                records.Return(batch);
            }
            outcome.TotalRows = rows;
            if (rows == 0 && outcome.ErrorCount == 0)
                outcome.AddError(2, null, "The file has a header but no rows to import.");
        }
        catch (Exception e) when (e is RecordTooLongException or MaxFieldSizeException or CsvHelperException)
        {
            var after = records.FailedOnRow;
            outcome.AddError(after + 1, null, e is CsvHelperException and not MaxFieldSizeException
                ? $"The file cannot be read as CSV after row {after}. Check the quotes in the rows that follow."
                : $"A cell after row {after} runs on for millions of characters: most likely a quote (\") that is never closed. Nothing after it could be read.");
            outcome.FileProblem = "The file cannot be read to its end; nothing was imported.";
        }
        outcome.RowsRead = rows;
        live.Processed(rows);
        if (outcome.TotalRows is { } total) live.Total(total);
    }

    // What rows resolve against (LookupRows): the organisation's workers with their emails; its credentials, oldest
    // first, so the newest of a worker and type wins; and every version recorded, with its credential's worker and type.
    private const string WorkersSql = """
        SELECT w."Id", u."Email" FROM "Workers" AS w INNER JOIN "AspNetUsers" AS u ON w."UserId" = u."Id"
        WHERE w."OrganizationId" = @organization
        """;
    private const string CredentialsSql = """
        SELECT c."Id", c."WorkerId", c."CredentialTypeId", c."IsArchived", c."LatestVersionNumber", c."Version" FROM "Credentials" AS c
        WHERE c."OrganizationId" = @organization ORDER BY c."CreatedAt", c."Id"
        """;
    private const string VersionsSql = """
        SELECT c."WorkerId", c."CredentialTypeId", v."IssueOn", v."ExpiryOn", v."CredentialNumber" FROM "CredentialVersions" AS v
        INNER JOIN "Credentials" AS c ON v."CredentialId" = c."Id" AND c."OrganizationId" = @organization
        WHERE v."OrganizationId" = @organization
        """;

    /// <summary>
    /// Checks the rows one by one against what was loaded, and plans the good ones. Kept apart from the loading
    /// (no awaits, cells as spans of the read-ahead's buffer), so the loop over the rows compiles to optimised
    /// code from the first import on and makes no string of a cell unless a message or the plan needs it.
    /// </summary>
    private sealed class RowCheck(
        Outcome outcome, MediaArchive? media, IdSequence ids, ImportDates.Reader dates, string dateFormat,
        List<Guid> workerIds, Dictionary<string, int> workerByEmail,
        List<CredentialType> typeList, Dictionary<Guid, int> typeIndex, Dictionary<string, int[]> typesByName)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _emails = workerByEmail.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _typeNames = typesByName.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly ImportIndex<int> _seen = new();
        private readonly ImportIndex<Target> _targets = new();
        private readonly List<Guid> _existing = [];
        private readonly Dictionary<Guid, int> _credentialVersion = [];
        private long _storedBytes;
        private string _lastTypeText = "";
        private int _lastTypeAt = -1;

        /// <summary>A credential already recorded (not archived): the newest of a worker and type wins.</summary>
        public void Existing(int worker, int type, Guid id, int latestVersionNumber, int version)
        {
            _targets.GetValueRefOrAddDefault(RowKey.SubjectOf(worker, type), 0, out _) = new Target(_existing.Count, latestVersionNumber);
            _existing.Add(id);
            _credentialVersion[id] = version;
        }

        /// <summary>A version already recorded: the same row imported again is skipped.</summary>
        public void Recorded(int worker, int type, DateOnly? issue, DateOnly? expiry, string? number)
        {
            var key = new RowKey(worker, type, issue, expiry, number);
            _seen.GetValueRefOrAddDefault(key.Subject, key.Details, out _); // 0: recorded before
        }

        public void Presize(long fileBytes, long charsRead, int rows) => PlanCredentialImport.Presize(fileBytes, charsRead, rows, _seen, _targets);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row(ImportCsvReadAhead.Batch batch, int record)
        {
            var (row, badColumn, overlong, badQuotes) = batch.Records[record];
            var before = outcome.ErrorCount;

            if (badColumn is not null)
            {
                outcome.AddError(row, badColumn, "This row holds bytes that are not UTF-8 text. Save the file as \"CSV UTF-8\" and upload it again.");
                return;
            }
            if (overlong is not null)
                foreach (var (column, length) in overlong)
                    outcome.AddError(row, column, $"The cell is {length:N0} characters long; at most {ImportCsv.MaxCellChars:N0} are allowed.");
            if (badQuotes)
                outcome.AddError(row, null, "A quote (\") stands inside a cell that does not start with one. Put such a cell in double quotes and double every quote inside it.");
            if (outcome.ErrorCount > before) return;

            var email = batch.Cell(record, ImportColumn.WorkerEmail);
            var typeText = batch.Cell(record, ImportColumn.CredentialType);
            var number = batch.Cell(record, ImportColumn.CredentialNumber);
            var issueText = batch.Cell(record, ImportColumn.IssueDate);
            var expiryText = batch.Cell(record, ImportColumn.ExpiryDate);
            var fileText = batch.Cell(record, ImportColumn.File);

            // The type decides the subject, the dates and whether a file is needed. Rows mostly name the type the row
            // before them named, which resolves the same way.
            var typeAt = -1;
            var known = _lastTypeAt >= 0 && typeText.SequenceEqual(_lastTypeText);
            if (known) typeAt = _lastTypeAt;
            else if (typeText.Length == 0) outcome.AddError(row, "credential_type", "Required: the name of a credential type your organisation uses.");
            else if (typeText.Length > MaxTypeText) outcome.AddError(row, "credential_type", $"At most {MaxTypeText} characters.");
            else if (Guid.TryParse(typeText, out var typeId) && typeIndex.TryGetValue(typeId, out var byId)) typeAt = byId;
            else if (_typeNames.TryGetValue(typeText, out var named) && named.Length == 1) typeAt = named[0];
            else if (named is { Length: > 1 })
                outcome.AddError(row, "credential_type", $"{named.Length} credential types you use are named {typeText}: give the type's id instead ({string.Join(" or ", named.Select(i => typeList[i].Id))}).");
            else outcome.AddError(row, "credential_type", $"No credential type named {typeText} is available to your organisation.");
            var type = typeAt >= 0 ? typeList[typeAt] : null;
            if (typeAt >= 0 && !known) (_lastTypeText, _lastTypeAt) = (typeText.ToString(), typeAt);

            var worker = -2;
            if (email.Length == 0)
            {
                if (type?.Subject == CredentialSubject.Company) worker = -1;
                else outcome.AddError(row, "worker_email", "Required: the email of one of your workers (leave it empty only for a company credential).");
            }
            else if (email.Length > MaxEmail) outcome.AddError(row, "worker_email", $"At most {MaxEmail} characters.");
            else if (!_emails.TryGetValue(email, out var found)) outcome.AddError(row, "worker_email", $"None of your workers has the email {email}.");
            else if (type?.Subject == CredentialSubject.Company) outcome.AddError(row, "worker_email", $"{type.Name} is a company credential: leave worker_email empty.");
            else worker = found;

            if (number.Length > MaxNumber) outcome.AddError(row, "credential_number", $"At most {MaxNumber} characters.");
            var issue = Date(row, issueText, "issue_date");
            var expiry = Date(row, expiryText, "expiry_date");
            if (outcome.ErrorCount > before || type is null) return;

            var details = new VersionDetails(issue, expiry, number.Length == 0 ? null : number.ToString());
            var key = new RowKey(worker, typeAt, issue, expiry, details.CredentialNumber);
            if (_seen.TryGetValue(key.Subject, key.Details, out var firstRow))
            {
                if (firstRow == 0) outcome.Skipped++; // already recorded: the same row imported again adds nothing
                else outcome.AddError(row, null, $"This row repeats row {firstRow} (same worker, type, dates and number). Remove one of them.");
                return;
            }

            var entry = -1;
            if (fileText.Length > 0)
            {
                if (media is null) outcome.AddError(row, "file", $"The row names the file {fileText}, but no ZIP of files (form field media) came with the CSV.");
                else if (fileText.Length > MediaArchive.MaxNameLength || media.Find(fileText.ToString()) is not { } at) outcome.AddError(row, "file", $"The ZIP has no file named {fileText}.");
                else if (media.Inspect(at).Problem is { } problem) outcome.AddError(row, "file", problem);
                else if ((_storedBytes += media.Inspect(at).Size) > MediaArchive.MaxTotalBytes)
                    outcome.AddError(row, "file", $"The files the rows name add up to more than {MediaArchive.MaxTotalBytes / (1024 * 1024):N0} MiB (each row stores its own copy); split the import.");
                else entry = at;
            }
            if (Credential.Check(type, details, fileText.Length > 0 ? 1 : 0) is { } problems)
                foreach (var (field, message) in problems)
                    outcome.AddError(row, field switch { "issueDate" => "issue_date", "expiryDate" => "expiry_date", "files" => "file", _ => field },
                        field == "files" ? message + " Name a JPEG, PNG, HEIC or PDF file of the ZIP in the file column." : message);
            if (outcome.ErrorCount > before) return;

            _seen.GetValueRefOrAddDefault(key.Subject, key.Details, out _) = row;
            var approval = type.VerificationRequired ? Approval.Pending : Approval.Verified;
            PlannedRow planned;
            ref var target = ref _targets.GetValueRefOrAddDefault(key.Subject, 0, out var renews);
            if (renews)
            {
                var next = target.LatestNumber + 1;
                var credentialId = target.Credential >= 0 ? _existing[target.Credential] : ids.At(-(long)target.Credential);
                target = target with { LatestNumber = next };
                if (outcome.Touched.Add(credentialId) && _credentialVersion.TryGetValue(credentialId, out var version))
                    outcome.Expected[credentialId] = version;
                outcome.Versions++;
                planned = new PlannedRow(PlannedKind.NewVersion, credentialId, ids.Next(), ids.Next(), next, worker >= 0 ? workerIds[worker] : null,
                    type.Id, type.Subject, approval, issue, expiry, details.CredentialNumber, entry);
            }
            else
            {
                var credentialId = ids.Next();
                target = new Target(-checked((int)ids.Issued), 1);
                outcome.Created++;
                planned = new PlannedRow(PlannedKind.NewCredential, credentialId, ids.Next(), ids.Next(), 1, worker >= 0 ? workerIds[worker] : null,
                    type.Id, type.Subject, approval, issue, expiry, details.CredentialNumber, entry);
            }
            // Once a row is bad nothing will be written, so planning stops (checking goes on).
            if (outcome.ErrorCount == 0) outcome.Plan?.Add(planned);
        }

        private DateOnly? Date(int row, ReadOnlySpan<char> text, string column)
        {
            if (text.Length == 0) return null;
            if (text.Length <= MaxDateText && dates.TryParse(text, out var date)) return date;
            var shown = text.Length > MaxDateText ? string.Concat(text[..MaxDateText], "…") : text.ToString();
            outcome.AddError(row, column, $"{shown} is not a date in the format {dateFormat}.");
            return null;
        }
    }

    /// <summary>
    /// Sizes the two indexes for the rows the file probably holds (judged by the first rows), so they do not grow
    /// by doubling, which would leave the old arrays behind and use twice the memory at the end. At most
    /// <see cref="MaxPresize"/> entries: a bigger file grows the usual way.
    /// </summary>
    private static void Presize(long fileBytes, long charsRead, int rows, ImportIndex<int> seen, ImportIndex<Target> targets)
    {
        var expected = (int)Math.Min(MaxPresize, fileBytes / Math.Max(1.0, (double)charsRead / rows) * 1.1);
        seen.EnsureCapacity(expected);
        targets.EnsureCapacity(expected);
    }

    private const int MaxPresize = 4_000_000;
    // Late enough that the parser's read-ahead (up to 128K characters) no longer skews the estimate: rows read by the
    // reader ahead of the check, or else rows checked.
    private const int PresizeAfterRows = 65_536;

    /// <summary>
    /// 64 bits stand for a row's dates and credential number in the index of what is recorded, so a million rows fit
    /// in tens of MB. Rows of the same worker and type with other dates or numbers collide with odds of 1 in 2^64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Fingerprint(DateOnly? issue, DateOnly? expiry, string? number)
    {
        var hash = Mix(0x9E3779B97F4A7C15UL ^ (uint)(issue?.DayNumber ?? -1));
        hash = Mix(hash ^ ((ulong)(uint)(expiry?.DayNumber ?? -1) << 1));
        if (number is null) return Mix(hash);
        hash ^= 14695981039346656037UL; // FNV-1a over the number's UTF-16, then a last mix
        foreach (var c in number)
            hash = (hash ^ c) * 1099511628211UL;
        return Mix(hash ^ (ulong)number.Length);
    }

    /// <summary>SplitMix64's finish: a bijection that spreads every input bit over the whole word.</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
