using CsvHelper;
using Microsoft.EntityFrameworkCore;
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

        public void Dispose() => Plan?.Dispose();
    }

    // Both indexes hold an entry per row, so their entries are kept small: 32 and 24 bytes.
    /// <summary>Worker and type in one half; the dates and number, as a fingerprint, in the other.</summary>
    private readonly record struct RowKey(ulong Subject, ulong Details)
    {
        public RowKey(int worker, int type, DateOnly? issue, DateOnly? expiry, string? number)
            : this(((ulong)(uint)worker << 32) | (uint)type, Fingerprint(issue, expiry, number)) { }
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
        void Error(int? row, string? column, string message)
        {
            outcome.ErrorCount++;
            if (outcome.Errors.Count < CredentialImport.MaxStoredErrors) outcome.Errors.Add(new ImportRowError(row, column, message));
        }

        using var csv = new ImportCsv(csvContent);
        foreach (var problem in csv.ReadHeader()) Error(problem.Row, problem.Column, problem.Message);
        if (outcome.ErrorCount > 0)
        {
            outcome.FileProblem = "The header row is not the import format; nothing was imported.";
            return;
        }

        // What rows resolve against, loaded once.
        var workers = await (from w in db.Workers.AsNoTracking() join u in db.Users on w.UserId equals u.Id select new { w.Id, u.Email }).ToListAsync(ct);
        var workerByEmail = new Dictionary<string, int>(workers.Count, StringComparer.OrdinalIgnoreCase);
        var workerIds = new Guid[workers.Count];
        var workerIndex = new Dictionary<Guid, int>(workers.Count);
        for (var i = 0; i < workers.Count; i++)
        {
            workerIds[i] = workers[i].Id;
            workerIndex[workers[i].Id] = i;
            if (workers[i].Email is { } email) workerByEmail[email.Trim()] = i;
        }
        var emailLookup = workerByEmail.GetAlternateLookup<ReadOnlySpan<char>>();

        var usableIds = (await types.ListAsync(ct)).Select(t => t.Id).ToList();
        var typeList = await db.CredentialTypes.AsNoTracking().Where(t => usableIds.Contains(t.Id)).OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(ct);
        var typeIndex = typeList.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var typesByName = typeList.Select((t, i) => (t.Name.Trim(), i)).GroupBy(x => x.Item1, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.OrdinalIgnoreCase);

        var seen = new Dictionary<RowKey, int>();
        var targets = new Dictionary<(int Worker, int Type), Target>();
        var existing = new List<Guid>();
        Guid CredentialOf(Target target) => target.Credential >= 0 ? existing[target.Credential] : ids.At(-(long)target.Credential);
        var credentialVersion = new Dictionary<Guid, int>();
        await foreach (var c in db.Credentials.AsNoTracking().OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                           .Select(c => new { c.Id, c.WorkerId, c.CredentialTypeId, c.IsArchived, c.LatestVersionNumber, c.Version })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (c.IsArchived || !typeIndex.TryGetValue(c.CredentialTypeId, out var t)) continue;
            var w = c.WorkerId is { } id ? workerIndex.GetValueOrDefault(id, -2) : -1;
            if (w == -2) continue;
            targets[(w, t)] = new Target(existing.Count, c.LatestVersionNumber); // the newest credential of a worker and type wins
            existing.Add(c.Id);
            credentialVersion[c.Id] = c.Version;
        }
        await foreach (var v in (from v in db.CredentialVersions.AsNoTracking()
                                 join c in db.Credentials on v.CredentialId equals c.Id
                                 select new { c.WorkerId, c.CredentialTypeId, v.IssueOn, v.ExpiryOn, v.CredentialNumber })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!typeIndex.TryGetValue(v.CredentialTypeId, out var t)) continue;
            var w = v.WorkerId is { } id ? workerIndex.GetValueOrDefault(id, -2) : -1;
            if (w == -2) continue;
            seen.TryAdd(new RowKey(w, t, v.IssueOn, v.ExpiryOn, v.CredentialNumber), 0);
        }

        outcome.Plan = import.IsDryRun ? null : ImportPlan<PlannedRow>.Rows(paths.SpoolDirectory);
        var format = import.DateFormat;
        var rows = 0;
        long storedBytes = 0;
        try
        {
            while (csv.Read())
            {
                rows++;
                if ((rows & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    live.Processed(rows);
                    if (rows == PresizeAfterRows) Presize(import.CsvSize, csv.CharsRead, rows, seen, targets);
                }
                var row = csv.Row;
                var before = outcome.ErrorCount;

                if (csv.RowHasInvalidText() is { } badColumn)
                {
                    Error(row, badColumn, "This row holds bytes that are not UTF-8 text. Save the file as \"CSV UTF-8\" and upload it again.");
                    continue;
                }
                if (csv.OverlongCells() is { } overlong)
                    foreach (var (column, length) in overlong)
                        Error(row, column, $"The cell is {length:N0} characters long; at most {ImportCsv.MaxCellChars:N0} are allowed.");
                if (csv.BadQuotesOnRow == row)
                    Error(row, null, "A quote (\") stands inside a cell that does not start with one. Put such a cell in double quotes and double every quote inside it.");
                if (outcome.ErrorCount > before) continue;

                var email = csv.Cell(ImportColumn.WorkerEmail);
                var typeText = csv.Cell(ImportColumn.CredentialType);
                var number = csv.Cell(ImportColumn.CredentialNumber);
                var issueText = csv.Cell(ImportColumn.IssueDate);
                var expiryText = csv.Cell(ImportColumn.ExpiryDate);
                var fileText = csv.Cell(ImportColumn.File);

                // The type decides the subject, the dates and whether a file is needed.
                var typeAt = -1;
                if (typeText.Length == 0) Error(row, "credential_type", "Required: the name of a credential type your organisation uses.");
                else if (typeText.Length > MaxTypeText) Error(row, "credential_type", $"At most {MaxTypeText} characters.");
                else if (Guid.TryParse(typeText, out var typeId) && typeIndex.TryGetValue(typeId, out var byId)) typeAt = byId;
                else if (typesByName.TryGetValue(typeText, out var named) && named.Length == 1) typeAt = named[0];
                else if (named is { Length: > 1 })
                    Error(row, "credential_type", $"{named.Length} credential types you use are named {typeText}: give the type's id instead ({string.Join(" or ", named.Select(i => typeList[i].Id))}).");
                else Error(row, "credential_type", $"No credential type named {typeText} is available to your organisation.");
                var type = typeAt >= 0 ? typeList[typeAt] : null;

                var worker = -2;
                if (email.Length == 0)
                {
                    if (type?.Subject == CredentialSubject.Company) worker = -1;
                    else Error(row, "worker_email", "Required: the email of one of your workers (leave it empty only for a company credential).");
                }
                else if (email.Length > MaxEmail) Error(row, "worker_email", $"At most {MaxEmail} characters.");
                else if (!emailLookup.TryGetValue(email, out var found)) Error(row, "worker_email", $"None of your workers has the email {email}.");
                else if (type?.Subject == CredentialSubject.Company) Error(row, "worker_email", $"{type.Name} is a company credential: leave worker_email empty.");
                else worker = found;

                if (number.Length > MaxNumber) Error(row, "credential_number", $"At most {MaxNumber} characters.");
                var issue = Date(issueText, "issue_date");
                var expiry = Date(expiryText, "expiry_date");
                if (outcome.ErrorCount > before || type is null) continue;

                var details = new VersionDetails(issue, expiry, number.Length == 0 ? null : number);
                var key = new RowKey(worker, typeAt, issue, expiry, details.CredentialNumber);
                if (seen.TryGetValue(key, out var firstRow))
                {
                    if (firstRow == 0) outcome.Skipped++; // already recorded: the same row imported again adds nothing
                    else Error(row, null, $"This row repeats row {firstRow} (same worker, type, dates and number). Remove one of them.");
                    continue;
                }

                var entry = -1;
                if (fileText.Length > 0)
                {
                    if (media is null) Error(row, "file", $"The row names the file {fileText}, but no ZIP of files (form field media) came with the CSV.");
                    else if (fileText.Length > MediaArchive.MaxNameLength || media.Find(fileText) is not { } at) Error(row, "file", $"The ZIP has no file named {fileText}.");
                    else if (media.Inspect(at).Problem is { } problem) Error(row, "file", problem);
                    else if ((storedBytes += media.Inspect(at).Size) > MediaArchive.MaxTotalBytes)
                        Error(row, "file", $"The files the rows name add up to more than {MediaArchive.MaxTotalBytes / (1024 * 1024):N0} MiB (each row stores its own copy); split the import.");
                    else entry = at;
                }
                if (Credential.Check(type, details, fileText.Length > 0 ? 1 : 0) is { } problems)
                    foreach (var (field, message) in problems)
                        Error(row, field switch { "issueDate" => "issue_date", "expiryDate" => "expiry_date", "files" => "file", _ => field },
                            field == "files" ? message + " Name a JPEG, PNG, HEIC or PDF file of the ZIP in the file column." : message);
                if (outcome.ErrorCount > before) continue;

                seen[key] = row;
                var approval = type.VerificationRequired ? Approval.Pending : Approval.Verified;
                PlannedRow planned;
                if (targets.TryGetValue((worker, typeAt), out var target))
                {
                    var next = target.LatestNumber + 1;
                    targets[(worker, typeAt)] = target with { LatestNumber = next };
                    var credentialId = CredentialOf(target);
                    if (outcome.Touched.Add(credentialId) && credentialVersion.TryGetValue(credentialId, out var version))
                        outcome.Expected[credentialId] = version;
                    outcome.Versions++;
                    planned = new PlannedRow(PlannedKind.NewVersion, credentialId, ids.Next(), ids.Next(), next, worker >= 0 ? workerIds[worker] : null,
                        type.Id, type.Subject, approval, issue, expiry, details.CredentialNumber, entry);
                }
                else
                {
                    var credentialId = ids.Next();
                    targets[(worker, typeAt)] = new Target(-checked((int)ids.Issued), 1);
                    outcome.Created++;
                    planned = new PlannedRow(PlannedKind.NewCredential, credentialId, ids.Next(), ids.Next(), 1, worker >= 0 ? workerIds[worker] : null,
                        type.Id, type.Subject, approval, issue, expiry, details.CredentialNumber, entry);
                }
                // Once a row is bad nothing will be written, so planning stops (checking goes on).
                if (outcome.ErrorCount == 0) outcome.Plan?.Add(planned);
            }
            outcome.TotalRows = rows;
            if (rows == 0 && outcome.ErrorCount == 0)
                Error(2, null, "The file has a header but no rows to import.");
        }
        catch (Exception e) when (e is RecordTooLongException or MaxFieldSizeException or CsvHelperException)
        {
            var after = csv.Row;
            Error(after + 1, null, e is CsvHelperException and not MaxFieldSizeException
                ? $"The file cannot be read as CSV after row {after}. Check the quotes in the rows that follow."
                : $"A cell after row {after} runs on for millions of characters: most likely a quote (\") that is never closed. Nothing after it could be read.");
            outcome.FileProblem = "The file cannot be read to its end; nothing was imported.";
        }
        outcome.RowsRead = rows;
        live.Processed(rows);
        if (outcome.TotalRows is { } total) live.Total(total);

        DateOnly? Date(string text, string column)
        {
            if (text.Length == 0) return null;
            if (text.Length <= MaxDateText && ImportDates.TryParse(text, format, out var date)) return date;
            Error(csv.Row, column, $"{(text.Length > MaxDateText ? text[..MaxDateText] + "…" : text)} is not a date in the format {ImportDates.Describe(format)}.");
            return null;
        }
    }

    /// <summary>
    /// Sizes the two indexes for the rows the file probably holds (judged by the first rows), so they do not grow
    /// by doubling, which would leave the old arrays behind and use twice the memory at the end. At most
    /// <see cref="MaxPresize"/> entries: a bigger file grows the usual way.
    /// </summary>
    private static void Presize<TA, TB>(long fileBytes, long charsRead, int rows, Dictionary<RowKey, int> seen, Dictionary<TA, TB> targets) where TA : notnull
    {
        var expected = (int)Math.Min(MaxPresize, fileBytes / Math.Max(1.0, (double)charsRead / rows) * 1.1);
        seen.EnsureCapacity(expected);
        targets.EnsureCapacity(expected);
    }

    private const int MaxPresize = 4_000_000;
    // Late enough that the parser's read-ahead (up to 128K characters) no longer skews the estimate.
    private const int PresizeAfterRows = 65_536;

    /// <summary>
    /// 64 bits stand for a row's dates and credential number in the index of what is recorded, so a million rows fit
    /// in tens of MB. Rows of the same worker and type with other dates or numbers collide with odds of 1 in 2^64.
    /// </summary>
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
