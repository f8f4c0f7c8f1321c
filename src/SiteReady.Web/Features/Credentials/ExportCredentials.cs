using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
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
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Rows(listed, query.Sort == "-expiryDate").CreateDbCommand();
            await using var reader = await command.ExecuteReaderAsync(ct);
            int workerId = reader.GetOrdinal(nameof(ExportedListing.WorkerId)), typeId = reader.GetOrdinal(nameof(ExportedListing.CredentialTypeId)),
                companyId = reader.GetOrdinal(nameof(ExportedListing.OrganizationId)), number = reader.GetOrdinal(nameof(ExportedListing.CredentialNumber)),
                issueOn = reader.GetOrdinal(nameof(ExportedListing.IssueOn)), expiryOn = reader.GetOrdinal(nameof(ExportedListing.ExpiryOn)),
                fileName = reader.GetOrdinal(nameof(ExportedListing.FileName)), approval = reader.GetOrdinal(nameof(ExportedListing.Approval)),
                archived = reader.GetOrdinal(nameof(ExportedListing.IsArchived)), version = reader.GetOrdinal(nameof(ExportedListing.LatestVersionNumber));
            while (await reader.ReadAsync(ct))
            {
                var person = reader.IsDBNull(workerId) ? null : people.GetValueOrDefault(reader.GetFieldValue<Guid>(workerId));
                await WriteLineAsync(new Line(person?.Email, types.GetValueOrDefault(reader.GetFieldValue<Guid>(typeId))?.Name ?? "",
                    reader.IsDBNull(number) ? null : reader.GetString(number),
                    reader.IsDBNull(issueOn) ? null : reader.GetFieldValue<DateOnly>(issueOn),
                    reader.IsDBNull(expiryOn) ? null : reader.GetFieldValue<DateOnly>(expiryOn),
                    reader.IsDBNull(fileName) ? null : reader.GetString(fileName),
                    person?.Name ?? "", companies.GetValueOrDefault(reader.GetFieldValue<Guid>(companyId), ""),
                    Enum.Parse<Approval>(reader.GetString(approval)), reader.GetBoolean(archived), reader.GetInt32(version)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The listing columns the file shows, in list order (reading a row costs per column).</summary>
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
        csv.WriteField(Format(line.IssueOn, dates));
        csv.WriteField(Format(line.ExpiryOn, dates));
        csv.WriteField(line.FileName ?? "");
        csv.WriteField(line.WorkerName);
        csv.WriteField(line.Company);
        csv.WriteField(Credential.StatusOf(line.Approval, line.ExpiryOn, today) switch
        {
            CredentialStatus.Verified => "verified",
            CredentialStatus.Pending => "pending",
            CredentialStatus.NotAccepted => "notAccepted",
            _ => "expired",
        });
        csv.WriteField(Credential.IsExpiringSoon(line.Approval, line.ExpiryOn, today, window) ? "yes" : "no");
        csv.WriteField(line.IsArchived ? "yes" : "no");
        csv.WriteField(line.Version.ToString(CultureInfo.InvariantCulture));
    }

    // A few thousand distinct days recur across a million rows.
    private static string Format(DateOnly? date, Dictionary<DateOnly, string> formatted)
    {
        if (date is not { } day) return "";
        if (!formatted.TryGetValue(day, out var text)) formatted[day] = text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return text;
    }
}
