using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// R-K9: any filtered credential list as CSV, streamed row by row, UTF-8 with a BOM so spreadsheet
/// programs read it right, and cells that start like a formula escaped. The first six columns are the
/// import format (R-K8), so an export can be imported again.
/// </summary>
public sealed class ExportCredentials(ListCredentials list)
{
    public static readonly string[] Header =
        ["worker_email", "credential_type", "credential_number", "issue_date", "expiry_date", "file", "worker_name", "company", "status", "expiring_soon", "archived", "version"];

    public static CsvConfiguration Csv => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape, // = + - @ tab CR at the start of a cell are prefixed with '
        NewLine = "\r\n",
    };

    public async Task WriteAsync(ListCredentialsQuery query, Stream body, CancellationToken ct)
    {
        var (rows, _) = await list.FilteredAsync(query, ct);
        var (today, window) = await list.TodayAsync(ct);
        var files = rows.Select(r => new
        {
            Row = r,
            File = r.Credential.Versions.Where(v => v.Number == r.Credential.LatestVersionNumber).SelectMany(v => v.StoredFiles).Select(f => f.FileName).FirstOrDefault(),
        });

        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Csv);
        foreach (var column in Header) csv.WriteField(column);
        await csv.NextRecordAsync();
        var written = 0;
        await foreach (var item in files.AsAsyncEnumerable().WithCancellation(ct))
        {
            var r = item.Row;
            var c = r.Credential;
            csv.WriteField(r.Email ?? "");
            csv.WriteField(r.TypeName);
            csv.WriteField(c.CredentialNumber ?? "");
            csv.WriteField(c.IssueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(c.ExpiryOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(item.File ?? "");
            csv.WriteField(c.WorkerId is null ? "" : $"{r.FirstName} {r.LastName}".Trim());
            csv.WriteField(r.CompanyName);
            csv.WriteField(JsonName(c.StatusOn(today).ToString()));
            csv.WriteField(c.IsExpiringSoonOn(today, window) ? "yes" : "no");
            csv.WriteField(c.IsArchived ? "yes" : "no");
            csv.WriteField(c.LatestVersionNumber.ToString(CultureInfo.InvariantCulture));
            await csv.NextRecordAsync();
            if (++written % 1000 == 0) await writer.FlushAsync(ct);
        }
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
