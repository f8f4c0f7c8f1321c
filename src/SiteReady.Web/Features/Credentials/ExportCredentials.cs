using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// R-K9: any filtered credential list as CSV, streamed row by row, UTF-8 with a BOM so spreadsheet
/// programs read it right, and cells that start like a formula escaped. The first six columns are the
/// import format (R-K8), so an export can be imported again.
/// </summary>
public sealed class ExportCredentials(ListCredentials list, AppDb db, Actor actor)
{
    public static readonly string[] Header =
        ["worker_email", "credential_type", "credential_number", "issue_date", "expiry_date", "file", "worker_name", "company", "status", "expiring_soon", "archived", "version"];

    public static CsvConfiguration Csv => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape, // = + - @ tab CR at the start of a cell are prefixed with '
        NewLine = "\r\n",
    };

    private readonly record struct Line(string? Email, string TypeName, string? Number, DateOnly? IssueOn, DateOnly? ExpiryOn, string? FileName,
        string WorkerName, string Company, Approval Approval, bool IsArchived, int Version);

    public async Task WriteAsync(ListCredentialsQuery query, Stream body, CancellationToken ct)
    {
        var (listed, _, today, window) = await list.FilteredAsync(query, ct);

        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Csv);
        foreach (var column in Header) csv.WriteField(column);
        await csv.NextRecordAsync();
        var dates = new Dictionary<DateOnly, string>();
        var written = 0;
        async Task WriteLineAsync(Line line)
        {
            WriteRow(csv, line, today, window, dates);
            await csv.NextRecordAsync();
            if (++written % 1000 == 0) await writer.FlushAsync(ct);
        }

        if (query.Sort is not (null or "expiryDate" or "-expiryDate"))
        {
            await foreach (var r in ListCredentials.ByName(listed.WithNames(db), query.Sort).AsAsyncEnumerable().WithCancellation(ct))
            {
                var l = r.Listing;
                await WriteLineAsync(new Line(r.Email, r.TypeName, l.CredentialNumber, l.IssueOn, l.ExpiryOn, l.FileName,
                    l.WorkerId is null ? "" : $"{r.FirstName} {r.LastName}".Trim(), r.CompanyName, l.Approval, l.IsArchived, l.LatestVersionNumber));
            }
            return;
        }

        // The common case, a whole network of up to millions of rows: they stream in index order from the
        // listings alone, with the names from memory instead of a join per row, and are read straight from
        // the command EF builds for the query instead of being materialised.
        var (types, companies, people) = await db.ListNamesAsync(actor.OrganizationId!.Value, actor.OrganizationKind!.Value, ct);
        Task WriteListedAsync(ExportRow row)
        {
            var person = row.WorkerId is { } workerId ? people.GetValueOrDefault(workerId) : null;
            return WriteLineAsync(new Line(person?.Email, types.GetValueOrDefault(row.TypeId)?.Name ?? "", row.Number, row.IssueOn, row.ExpiryOn, row.FileName,
                person?.Name ?? "", companies.GetValueOrDefault(row.CompanyId, ""), row.Approval, row.IsArchived, row.Version));
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Rows(listed, query.Sort == "-expiryDate").CreateDbCommand();
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                foreach (var row in SqliteExportRows.Read(sqlite, command, ct)) await WriteListedAsync(row);
                return;
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                await WriteListedAsync(new ExportRow(
                    reader.IsDBNull(0) ? null : reader.GetFieldValue<Guid>(0), reader.GetFieldValue<Guid>(1), reader.GetFieldValue<Guid>(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    Enum.Parse<Approval>(reader.GetString(7)), reader.GetBoolean(8), reader.GetInt32(9)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The listing columns the file shows, in this order (<see cref="ExportRow"/> reads them by position).</summary>
    public sealed class ExportedListing
    {
        public Guid? WorkerId { get; init; }
        public Guid CredentialTypeId { get; init; }
        public Guid OrganizationId { get; init; }
        public string? CredentialNumber { get; init; }
        public DateOnly? IssueOn { get; init; }
        public DateOnly? ExpiryOn { get; init; }
        public string? FileName { get; init; }
        public Approval Approval { get; init; }
        public bool IsArchived { get; init; }
        public int LatestVersionNumber { get; init; }
    }

    public static IQueryable<ExportedListing> Rows(IQueryable<CredentialListing> listed, bool descending) =>
        ListCredentials.ByExpiry(listed, descending).Select(l => new ExportedListing
        {
            WorkerId = l.WorkerId, CredentialTypeId = l.CredentialTypeId, OrganizationId = l.OrganizationId, CredentialNumber = l.CredentialNumber,
            IssueOn = l.IssueOn, ExpiryOn = l.ExpiryOn, FileName = l.FileName, Approval = l.Approval, IsArchived = l.IsArchived, LatestVersionNumber = l.LatestVersionNumber,
        });

    private static void WriteRow(CsvWriter csv, Line line, DateOnly today, int window, Dictionary<DateOnly, string> dates)
    {
        csv.WriteField(line.Email ?? "");
        csv.WriteField(line.TypeName);
        csv.WriteField(line.Number ?? "");
        // The app's own values (dates, status words, yes/no, numbers) never need quotes or escaping: they skip the check.
        csv.WriteField(Format(line.IssueOn, dates), shouldQuote: false);
        csv.WriteField(Format(line.ExpiryOn, dates), shouldQuote: false);
        csv.WriteField(line.FileName ?? "");
        csv.WriteField(line.WorkerName);
        csv.WriteField(line.Company);
        csv.WriteField(Credential.StatusOf(line.Approval, line.ExpiryOn, today) switch
        {
            CredentialStatus.Verified => "verified",
            CredentialStatus.Pending => "pending",
            CredentialStatus.NotAccepted => "notAccepted",
            _ => "expired",
        }, shouldQuote: false);
        csv.WriteField(Credential.IsExpiringSoon(line.Approval, line.ExpiryOn, today, window) ? "yes" : "no", shouldQuote: false);
        csv.WriteField(line.IsArchived ? "yes" : "no", shouldQuote: false);
        csv.WriteField(line.Version < VersionNumbers.Length ? VersionNumbers[line.Version] : line.Version.ToString(CultureInfo.InvariantCulture), shouldQuote: false);
    }

    private static readonly string[] VersionNumbers = Enumerable.Range(0, 100).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();

    // A few thousand distinct days recur across a million rows.
    private static string Format(DateOnly? date, Dictionary<DateOnly, string> formatted)
    {
        if (date is not { } day) return "";
        if (!formatted.TryGetValue(day, out var text)) formatted[day] = text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return text;
    }
}
