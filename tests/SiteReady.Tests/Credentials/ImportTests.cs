using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Domain.Credentials;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;

namespace SiteReady.Tests.Credentials;

/// <summary>Helpers for R-K8 bulk imports: a contractor with workers and a type needing no files, uploads, polling.</summary>
public static class Imports
{
    public const string Header = "worker_email,credential_type,credential_number,issue_date,expiry_date,file";
    public const string SitePass = "Site pass";
    public const string FirstAid = "First aid certificate";

    /// <summary>A contractor connected to a client whose own type "Site pass" needs no file and no review.</summary>
    public static async Task<TestOrg> ContractorAsync(AppFixture app)
    {
        var contractor = await app.SignUpAsync("contractor");
        var client = await app.SignUpAsync("client");
        await contractor.ConnectToClientAsync(client);
        await Expect.Status(await client.Admin.PostAsJsonAsync(client.Api("/credential-types"), new
        {
            name = SitePass, category = "ticket", subject = "worker", hasIssueDate = true, hasExpiryDate = true, mediaRequired = false, verificationRequired = false,
        }), HttpStatusCode.Created);
        return contractor;
    }

    public static MultipartFormDataContent Form(string csv, byte[]? zip = null, string? dateFormat = null) =>
        Form(Encoding.UTF8.GetBytes(csv), zip, dateFormat);

    public static MultipartFormDataContent Form(byte[] csv, byte[]? zip = null, string? dateFormat = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "csv", "credentials.csv");
        if (zip is not null)
        {
            var media = new ByteArrayContent(zip);
            media.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(media, "media", "files.zip");
        }
        if (dateFormat is not null) form.Add(new StringContent(dateFormat), "dateFormat");
        return form;
    }

    public static async Task<HttpResponseMessage> PostAsync(this TestOrg org, HttpContent form, bool dryRun = false, HttpClient? client = null) =>
        await (client ?? org.Admin).PostAsync(org.Api($"/credential-imports?dryRun={(dryRun ? "true" : "false")}"), form);

    /// <summary>Uploads, expects 202, and waits (bounded) until the import has finished.</summary>
    public static async Task<JsonObject> ImportAsync(this TestOrg org, string csv, byte[]? zip = null, bool dryRun = false, string? dateFormat = null) =>
        await org.ImportAsync(Form(csv, zip, dateFormat), dryRun);

    public static async Task<JsonObject> ImportAsync(this TestOrg org, HttpContent form, bool dryRun = false)
    {
        var accepted = await Expect.Json(await org.PostAsync(form, dryRun), HttpStatusCode.Accepted);
        return await org.FinishedAsync(accepted["importId"]!.GetValue<string>());
    }

    /// <summary>Polls the import until it has succeeded or failed, for at most a minute.</summary>
    public static async Task<JsonObject> FinishedAsync(this TestOrg org, string importId, HttpClient? client = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var import = await Expect.Json(await (client ?? org.Admin).GetAsync(org.Api($"/credential-imports/{importId}")));
            if (import["status"]!.GetValue<string>() is "succeeded" or "failed") return import;
            if (DateTime.UtcNow > deadline) Assert.Fail($"The import did not finish within a minute: {import.ToJsonString()}");
            await Task.Delay(25);
        }
    }

    public static List<(int? Row, string? Column, string Message)> Errors(JsonObject import) =>
        import["errors"]!.AsArray().Select(e => (e!["row"]?.GetValue<int>(), e["column"]?.GetValue<string>(), e["message"]!.GetValue<string>())).ToList();

    public static async Task<JsonArray> CredentialsAsync(this TestOrg org, string query = "") =>
        (await Expect.Json(await org.Admin.GetAsync(org.Api($"/credentials?pageSize=500{query}"))))["items"]!.AsArray();

    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        return buffer.ToArray();
    }
}

/// <summary>R-K8: bulk upload of credentials by CSV with a ZIP of files, on the configured engine.</summary>
public class ImportTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_dry_run_reports_every_bad_row_with_its_row_column_and_message_and_writes_nothing()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        var bob = app.UniqueEmail("bob");
        await contractor.AddWorkerAsync(ann);
        await contractor.AddWorkerAsync(bob);
        var csv = $"""
            {Imports.Header}
            {ann},Site pass,SP-1,2026-01-01,2027-01-01,
            nobody@example.test,Site pass,SP-2,2026-01-01,2027-01-01,
            {ann},Forklift ticket,X-1,2026-01-01,2027-01-01,
            {bob},site pass,SP-3,2026-13-01,2027-01-01,
            {bob},Site pass,SP-4,2027-01-01,2026-01-01,
            {ann},{Imports.FirstAid},FA-1,2026-01-01,2027-01-01,
            {ann},{Imports.FirstAid},FA-2,2026-01-01,2027-01-01,missing.pdf
            {ann.ToUpperInvariant()}, Site pass ,SP-1,2026-01-01,2027-01-01,
            {bob},Site pass,SP-5,,2027-01-01,
            """;

        var import = await contractor.ImportAsync(csv, dryRun: true);

        Assert.Equal("failed", import["status"]!.GetValue<string>());
        Assert.True(import["dryRun"]!.GetValue<bool>());
        Assert.Equal(9, import["totalRows"]!.GetValue<int>());
        var errors = Imports.Errors(import);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], errors.Select(e => e.Row!.Value).Distinct());
        Assert.Contains(errors, e => e is { Row: 3, Column: "worker_email" } && e.Message.Contains("nobody@example.test"));
        Assert.Contains(errors, e => e is { Row: 4, Column: "credential_type" } && e.Message.Contains("Forklift ticket"));
        Assert.Contains(errors, e => e is { Row: 5, Column: "issue_date" } && e.Message.Contains("YYYY-MM-DD"));
        Assert.Contains(errors, e => e is { Row: 6, Column: "expiry_date" } && e.Message.Contains("before the issue date"));
        Assert.Contains(errors, e => e is { Row: 7, Column: "file" } && e.Message.Contains("needs at least one photo or PDF"));
        Assert.Contains(errors, e => e is { Row: 8, Column: "file" } && e.Message.Contains("no ZIP"));
        Assert.Contains(errors, e => e is { Row: 9, Column: null } && e.Message.Contains("repeats row 2"));
        Assert.Contains(errors, e => e is { Row: 10, Column: "issue_date" } && e.Message.Contains("needs an issue date"));
        Assert.Equal(errors.Count, import["errorCount"]!.GetValue<int>());
        Assert.Empty(await contractor.CredentialsAsync());
    }

    [Fact]
    public async Task A_real_run_creates_credentials_with_versions_and_stores_the_zips_files_for_download()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        var annId = await contractor.AddWorkerAsync(ann);
        var pdf = Uploads.Pdf("ann's first aid");
        var png = Uploads.Png();
        var zip = Imports.Zip(("scans/first-aid.pdf", pdf), ("card.png", png), ("unused.txt", "not referenced"u8.ToArray()));
        var csv = $"""
            {Imports.Header}
            {ann},{Imports.FirstAid},FA-100,2026-02-01,2028-02-01,scans/first-aid.pdf
            {ann},Driver's licence,DL-9,2025-05-05,2030-05-05,CARD.PNG
            {ann},Site pass,,2026-03-01,2027-03-01,
            """;

        var import = await contractor.ImportAsync(csv, zip);

        Assert.Equal("succeeded", import["status"]!.GetValue<string>());
        Assert.Equal(3, import["createdRows"]!.GetValue<int>());
        Assert.Equal(3, import["processedRows"]!.GetValue<int>());
        Assert.Empty(import["errors"]!.AsArray());
        var credentials = await contractor.CredentialsAsync($"&workerId={annId}");
        Assert.Equal(3, credentials.Count);
        var firstAid = credentials.Single(c => c!["credentialType"]!["name"]!.GetValue<string>() == Imports.FirstAid)!;
        Assert.Equal("pending", firstAid["status"]!.GetValue<string>()); // the catalogue type is reviewed
        Assert.Equal("verified", credentials.Single(c => c!["credentialType"]!["name"]!.GetValue<string>() == Imports.SitePass)!["status"]!.GetValue<string>());

        var details = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{firstAid["id"]}")));
        var latest = details["latestVersion"]!;
        Assert.Equal(1, latest["number"]!.GetValue<int>());
        Assert.Equal("2028-02-01", latest["expiryDate"]!.GetValue<string>());
        Assert.Equal("FA-100", latest["credentialNumber"]!.GetValue<string>());
        var file = latest["files"]![0]!;
        Assert.Equal("first-aid.pdf", file["fileName"]!.GetValue<string>());
        Assert.Equal("application/pdf", file["contentType"]!.GetValue<string>());
        var download = await contractor.Admin.GetAsync(contractor.Api($"/credentials/{firstAid["id"]}/versions/1/files/{file["id"]}"));
        await Expect.Status(download, HttpStatusCode.OK);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        var activity = (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{firstAid["id"]}/activity"))))["items"]!.AsArray();
        Assert.Equal("added", activity.Single()!["action"]!.GetValue<string>());
        Assert.Equal(contractor.AdminId.ToString(), activity.Single()!["by"]!.GetValue<string>());

        // A row with other dates for the same worker and type is a renewal: the next version.
        var renewal = await contractor.ImportAsync($"""
            {Imports.Header}
            {ann},Site pass,SP-2,2027-03-01,2028-03-01,
            """);
        Assert.Equal(1, renewal["versionRows"]!.GetValue<int>());
        var sitePass = (await contractor.CredentialsAsync($"&workerId={annId}")).Single(c => c!["credentialType"]!["name"]!.GetValue<string>() == Imports.SitePass)!;
        Assert.Equal(2, sitePass["latestVersion"]!.GetValue<int>());
        Assert.Equal("2028-03-01", sitePass["expiryDate"]!.GetValue<string>());
        var versions = await Expect.Json<JsonArray>(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{sitePass["id"]}/versions")));
        Assert.Equal([2, 1], versions.Select(v => v!["number"]!.GetValue<int>()));
        // A later change through the API still works on the imported rows (the concurrency version was bumped consistently).
        await Expect.Status(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{sitePass["id"]}/archive"), null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Importing_the_same_file_again_adds_nothing()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var csv = $"""
            {Imports.Header}
            {ann},Site pass,SP-1,2026-01-01,2027-01-01,
            {ann},Site pass,SP-2,2027-01-01,2028-01-01,
            """;

        var first = await contractor.ImportAsync(csv);
        var second = await contractor.ImportAsync(csv);

        Assert.Equal((1, 1, 0), (first["createdRows"]!.GetValue<int>(), first["versionRows"]!.GetValue<int>(), first["skippedRows"]!.GetValue<int>()));
        Assert.Equal("succeeded", second["status"]!.GetValue<string>());
        Assert.Equal((0, 0, 2), (second["createdRows"]!.GetValue<int>(), second["versionRows"]!.GetValue<int>(), second["skippedRows"]!.GetValue<int>()));
        var credential = (await contractor.CredentialsAsync()).Single()!;
        Assert.Equal(2, credential["latestVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_export_imports_back_and_adds_nothing()
    {
        var contractor = await Imports.ContractorAsync(app);
        var workerId = await contractor.AddWorkerAsync(app.UniqueEmail("exported"));
        await contractor.AddCredentialAsync(workerId, await contractor.TypeIdAsync(Imports.FirstAid));
        var response = await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["workerId"] = workerId, ["credentialTypeId"] = await contractor.TypeIdAsync("Driver's licence"), ["issueDate"] = "2026-03-01",
            ["expiryDate"] = "2031-03-01", ["credentialNumber"] = "-42 \"quoted\", with comma",
        }, ("licence.pdf", Uploads.Pdf())));
        await Expect.Status(response, HttpStatusCode.Created);
        var export = await (await contractor.Admin.GetAsync(contractor.Api("/credentials/export.csv"))).Content.ReadAsByteArrayAsync();

        var import = await contractor.ImportAsync(new MultipartFormDataContent { { new ByteArrayContent(export), "csv", "credentials.csv" } });

        Assert.Equal("succeeded", import["status"]!.GetValue<string>());
        Assert.Equal((2, 0, 2), (import["totalRows"]!.GetValue<int>(), import["createdRows"]!.GetValue<int>(), import["skippedRows"]!.GetValue<int>()));
        Assert.Equal(2, (await contractor.CredentialsAsync()).Count);
    }

    [Fact]
    public async Task A_file_with_one_bad_row_writes_nothing_at_all()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var rows = string.Join("\n", Enumerable.Range(1, 500).Select(i => $"{ann},Site pass,SP-{i},2026-01-01,2027-01-01,"));
        var csv = $"{Imports.Header}\n{rows}\n{ann},Site pass,SP-bad,2026-01-01,2025-01-01,\n";

        var import = await contractor.ImportAsync(csv);

        Assert.Equal("failed", import["status"]!.GetValue<string>());
        Assert.False(import["dryRun"]!.GetValue<bool>());
        Assert.Equal((502, "expiry_date"), (Imports.Errors(import).Single().Row!.Value, Imports.Errors(import).Single().Column));
        Assert.Contains("nothing was imported", import["message"]!.GetValue<string>());
        Assert.Empty(await contractor.CredentialsAsync());
    }

    [Fact]
    public async Task Wrong_or_missing_columns_fail_the_import_at_row_1()
    {
        var contractor = await Imports.ContractorAsync(app);

        var wrong = await contractor.ImportAsync("email,type,number,issued,expires,file\na@example.test,Site pass,1,2026-01-01,2027-01-01,\n");
        var missingExpiry = await contractor.ImportAsync("worker_email,credential_type,issue_date\na@example.test,Site pass,2026-01-01\n");
        var semicolons = await contractor.ImportAsync("worker_email;credential_type;issue_date;expiry_date\n");

        Assert.Equal("failed", wrong["status"]!.GetValue<string>());
        var errors = Imports.Errors(wrong);
        Assert.All(errors, e => Assert.Equal(1, e.Row));
        Assert.Equal(["worker_email", "credential_type", "issue_date", "expiry_date"], errors.Select(e => e.Column));
        Assert.Contains("header", wrong["message"]!.GetValue<string>());
        Assert.Equal((1, "expiry_date"), (Imports.Errors(missingExpiry).Single().Row!.Value, Imports.Errors(missingExpiry).Single().Column));
        Assert.Contains("semicolons", Imports.Errors(semicolons)[0].Message);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_reported_on_their_row_and_utf16_or_a_workbook_is_refused_at_upload()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var bytes = Encoding.UTF8.GetBytes($"{Imports.Header}\n{ann},Site pass,SP-1,2026-01-01,2027-01-01,\n{ann},Site pass,SP-").Concat(new byte[] { 0xC3, 0x28, 0xFF })
            .Concat(Encoding.UTF8.GetBytes(",2026-01-01,2027-01-01,\n")).ToArray();

        var import = await contractor.ImportAsync(Imports.Form(bytes));

        Assert.Equal("failed", import["status"]!.GetValue<string>());
        var error = Imports.Errors(import).Single();
        Assert.Equal((3, "credential_number"), (error.Row!.Value, error.Column));
        Assert.Contains("UTF-8", error.Message);
        Assert.Empty(await contractor.CredentialsAsync());

        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Imports.Header)).ToArray();
        var refused = await Expect.Problem(await contractor.PostAsync(Imports.Form(utf16)), HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains("UTF-16", refused["errors"]!["csv"]![0]!.GetValue<string>());
        var workbook = Imports.Zip(("xl/workbook.xml", "<workbook/>"u8.ToArray()));
        await Expect.Problem(await contractor.PostAsync(Imports.Form(workbook)), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Quoted_cells_with_commas_quotes_and_line_breaks_import_intact_and_rows_count_as_a_spreadsheet_shows_them()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        var annId = await contractor.AddWorkerAsync(ann);
        var bob = app.UniqueEmail("bob");
        var bobId = await contractor.AddWorkerAsync(bob);
        var csv = $"{Imports.Header}\r\n{ann},\"Site pass\",\"SP \"\"7\"\", line one\r\nline two\",2026-01-01,2027-01-01,\r\n\r\n\"{bob}\",Site pass,\"'=1+1\",2026-02-01,2027-02-01,\r\n";

        var import = await contractor.ImportAsync(csv);

        Assert.Equal("succeeded", import["status"]!.GetValue<string>());
        Assert.Equal("SP \"7\", line one\r\nline two", (await contractor.CredentialsAsync($"&workerId={annId}")).Single()!["credentialNumber"]!.GetValue<string>());
        Assert.Equal("=1+1", (await contractor.CredentialsAsync($"&workerId={bobId}")).Single()!["credentialNumber"]!.GetValue<string>()); // our export's formula escape undone

        var bad = await contractor.ImportAsync($"{Imports.Header}\n{ann},Site pass,\"two\nlines\",2026-01-01,2027-01-01,\n\nnobody@example.test,Site pass,X,2026-01-01,2027-01-01,\n", dryRun: true);
        Assert.Equal(4, Imports.Errors(bad).Single().Row); // header 1, the two-line row 2, a blank row 3
    }

    [Fact]
    public async Task A_one_megabyte_cell_is_reported_on_its_row_and_the_rest_is_still_checked()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var huge = new string('9', 1024 * 1024);
        var csv = $"{Imports.Header}\n{ann},Site pass,{huge},2026-01-01,2027-01-01,\n{ann},Site pass,SP-2,2026-01-01,2027-01-01,\nnobody@example.test,Site pass,SP-3,2026-01-01,2027-01-01,\n";

        var import = await contractor.ImportAsync(csv);

        Assert.Equal("failed", import["status"]!.GetValue<string>());
        Assert.Equal(3, import["totalRows"]!.GetValue<int>());
        var errors = Imports.Errors(import);
        Assert.Equal([(2, "credential_number"), (4, "worker_email")], errors.Select(e => (e.Row!.Value, e.Column!)));
        Assert.Contains("1,048,576 characters", errors[0].Message);

        var unclosed = await contractor.ImportAsync($"{Imports.Header}\n{ann},Site pass,\"never closed,2026-01-01,2027-01-01,\n" + new string('x', 5 * 1024 * 1024), dryRun: true);
        Assert.Equal("failed", unclosed["status"]!.GetValue<string>());
        Assert.Contains("never closed", Imports.Errors(unclosed).Single().Message);
    }

    [Fact]
    public async Task Rows_before_a_part_that_cannot_be_read_are_all_checked_and_reported_first()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var good = string.Join("\n", Enumerable.Range(1, 2_500).Select(i => $"{ann},Site pass,SP-{i},2026-01-01,2027-01-01,"));
        var csv = $"{Imports.Header}\n{good}\nnobody@example.test,Site pass,SP-X,2026-01-01,2027-01-01,\n{ann},Site pass,SP-Y,2026-01-01,2025-01-01,\n"
            + $"{ann},Site pass,\"never closed,2026-01-01,2027-01-01,\n" + new string('x', 3 * 1024 * 1024);

        var import = await contractor.ImportAsync(csv, dryRun: true);

        Assert.Equal("failed", import["status"]!.GetValue<string>());
        Assert.Equal("The file cannot be read to its end; nothing was imported.", import["message"]!.GetValue<string>());
        var errors = Imports.Errors(import);
        Assert.Equal([(2502, "worker_email"), (2503, "expiry_date"), (2505, null)], errors.Select(e => (e.Row!.Value, e.Column)));
        Assert.StartsWith("A cell after row 2504 runs on for millions of characters", errors[2].Message);
        Assert.Equal(2_502, import["processedRows"]!.GetValue<int>());
    }

    [Fact]
    public async Task Dates_follow_the_format_the_uploader_names()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        var annId = await contractor.AddWorkerAsync(ann);

        var import = await contractor.ImportAsync($"{Imports.Header}\n{ann},Site pass,SP-1,15/01/2026,31/12/2027,\n", dateFormat: "dd/MM/yyyy");
        var iso = await contractor.ImportAsync($"{Imports.Header}\n{ann},Site pass,SP-2,2026-01-15,2027-12-31,\n", dryRun: true, dateFormat: "dd/MM/yyyy");

        Assert.Equal("succeeded", import["status"]!.GetValue<string>());
        Assert.Equal("dd/MM/yyyy", import["dateFormat"]!.GetValue<string>());
        var credential = (await contractor.CredentialsAsync($"&workerId={annId}")).Single()!;
        Assert.Equal(("2026-01-15", "2027-12-31"), (credential["issueDate"]!.GetValue<string>(), credential["expiryDate"]!.GetValue<string>()));
        Assert.Contains(Imports.Errors(iso), e => e is { Row: 2, Column: "issue_date" } && e.Message.Contains("dd/MM/yyyy"));
        await Expect.Problem(await contractor.PostAsync(Imports.Form(Imports.Header, dateFormat: "HH:mm")), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task A_zip_with_path_traversal_absolute_or_backslashed_entries_is_refused_at_upload()
    {
        var contractor = await Imports.ContractorAsync(app);
        var pdf = Uploads.Pdf();

        foreach (var name in new[] { "../evil.pdf", "scans/../../evil.pdf", "/etc/evil.pdf", "C:/evil.pdf", "scans\\evil.pdf" })
        {
            var refused = await Expect.Problem(await contractor.PostAsync(Imports.Form(Imports.Header, Imports.Zip(("ok.pdf", pdf), (name, pdf)))),
                HttpStatusCode.BadRequest, "validation-failed");
            var messages = refused["errors"]!["media"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
            Assert.Contains("nothing was extracted", messages[0]);
            Assert.Contains(messages, m => m.Contains(name.Length > 20 ? name[..20] : name));
        }
        var list = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credential-imports")));
        Assert.Empty(list["items"]!.AsArray()); // nothing was queued
    }

    [Fact]
    public async Task A_zip_with_more_entries_than_allowed_is_refused()
    {
        var contractor = await Imports.ContractorAsync(app);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            for (var i = 0; i <= 100_000; i++) zip.CreateEntry($"{i}.pdf", CompressionLevel.NoCompression);

        var refused = await Expect.Problem(await contractor.PostAsync(Imports.Form(Imports.Header, buffer.ToArray())), HttpStatusCode.BadRequest, "validation-failed");

        Assert.Contains("more than 100,000 entries", refused["errors"]!["media"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_without_being_extracted()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var csv = $"{Imports.Header}\n{ann},{Imports.FirstAid},FA-1,2026-01-01,2027-01-01,bomb.pdf\n";

        // Honest headers: 150 MiB declared, refused by its directory before any entry is opened.
        var honest = Bomb(150);
        var refused = await Expect.Problem(await contractor.PostAsync(Imports.Form(csv, honest)), HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains(refused["errors"]!["media"]!.AsArray(), m => m!.GetValue<string>().Contains("at most 20 MiB"));

        // Lying headers: declared 1 KB, so the upload passes; decompression stops one byte past the declared size.
        var lying = DeclareSize(Bomb(150), 1000);
        var import = await contractor.ImportAsync(csv, lying);

        Assert.Equal("failed", import["status"]!.GetValue<string>());
        var error = Imports.Errors(import).Single();
        Assert.Equal((2, "file"), (error.Row!.Value, error.Column));
        Assert.Contains("bomb.pdf", error.Message);
        Assert.Empty(await contractor.CredentialsAsync());
        var files = Path.Combine(app.Database.DataDirectory, "files");
        Assert.DoesNotContain(Directory.Exists(files) ? Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories) : [], f => new FileInfo(f).Length > 1024 * 1024);
    }

    [Fact]
    public async Task Unknown_workers_another_contractors_worker_and_types_of_unconnected_clients_are_reported()
    {
        var contractor = await Imports.ContractorAsync(app);
        var other = await app.SignUpAsync("contractor");
        var theirs = app.UniqueEmail("theirs");
        await other.AddWorkerAsync(theirs);
        var stranger = await app.SignUpAsync("client");
        await Expect.Status(await stranger.Admin.PostAsJsonAsync(stranger.Api("/credential-types"), new
        {
            name = "Stranger badge", category = "other", subject = "worker", hasIssueDate = false, hasExpiryDate = false, mediaRequired = false, verificationRequired = false,
        }), HttpStatusCode.Created);

        var import = await contractor.ImportAsync($"{Imports.Header}\n{theirs},Site pass,1,2026-01-01,2027-01-01,\n{app.UniqueEmail("x")},Stranger badge,1,,,\n", dryRun: true);

        var errors = Imports.Errors(import);
        Assert.Contains(errors, e => e is { Row: 2, Column: "worker_email" });
        Assert.Contains(errors, e => e is { Row: 3, Column: "credential_type" } && e.Message.Contains("Stranger badge"));
    }

    [Fact]
    public async Task A_company_credential_has_no_worker_email()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var zip = Imports.Zip(("policy.pdf", Uploads.Pdf("policy")));

        var import = await contractor.ImportAsync($"""
            {Imports.Header}
            ,Public liability insurance,PL-1,2026-01-01,2027-01-01,policy.pdf
            {ann},Public liability insurance,PL-2,2026-01-01,2027-01-01,policy.pdf
            """, zip);
        Assert.Equal([(3, "worker_email")], Imports.Errors(import).Select(e => (e.Row!.Value, e.Column!)));

        var fixedImport = await contractor.ImportAsync($"{Imports.Header}\n,Public liability insurance,PL-1,2026-01-01,2027-01-01,policy.pdf\n", zip);
        Assert.Equal("succeeded", fixedImport["status"]!.GetValue<string>());
        var credential = (await contractor.CredentialsAsync()).Single()!;
        Assert.Equal("company", credential["subject"]!["kind"]!.GetValue<string>());
        Assert.Null(credential["subject"]!["workerId"]?.GetValue<string>());
    }

    [Fact]
    public async Task Progress_is_visible_and_a_finished_import_has_processed_every_row()
    {
        var contractor = await Imports.ContractorAsync(app);
        var emails = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            emails.Add(app.UniqueEmail("w"));
            await contractor.AddWorkerAsync(emails[^1]);
        }
        var rows = Enumerable.Range(0, 3000).Select(i => $"{emails[i % 3]},Site pass,SP-{i},{new DateOnly(2020, 1, 1).AddDays(i):yyyy-MM-dd},2040-01-01,");

        var accepted = await Expect.Json(await contractor.PostAsync(Imports.Form(Imports.Header + "\n" + string.Join("\n", rows))), HttpStatusCode.Accepted);
        var id = accepted["importId"]!.GetValue<string>();
        Assert.Equal("queued", accepted["status"]!.GetValue<string>());
        var first = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credential-imports/{id}")));
        Assert.Contains(first["status"]!.GetValue<string>(), new[] { "queued", "running", "succeeded" });
        var done = await contractor.FinishedAsync(id);

        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.Equal(3000, done["totalRows"]!.GetValue<int>());
        Assert.Equal(3000, done["processedRows"]!.GetValue<int>());
        Assert.Equal((3, 2997), (done["createdRows"]!.GetValue<int>(), done["versionRows"]!.GetValue<int>()));
        Assert.Null(done["phase"]?.GetValue<string>());
        Assert.NotNull(done["finishedAt"]);
        var list = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credential-imports")));
        Assert.Equal(id, list["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_organisations_import_is_404_a_viewer_may_not_import_and_a_client_cannot()
    {
        var contractor = await Imports.ContractorAsync(app);
        var other = await app.SignUpAsync("contractor");
        var accepted = await Expect.Json(await contractor.PostAsync(Imports.Form(Imports.Header + "\n"), dryRun: true), HttpStatusCode.Accepted);
        var id = accepted["importId"]!.GetValue<string>();
        await Expect.Problem(await other.Admin.GetAsync(other.Api($"/credential-imports/{id}")), HttpStatusCode.NotFound, "not-found");

        var (_, _, viewer) = await contractor.AddUserAsync("viewer");
        await Expect.Problem(await contractor.PostAsync(Imports.Form(Imports.Header + "\n"), client: viewer), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Status(await viewer.GetAsync(contractor.Api($"/credential-imports/{id}")), HttpStatusCode.OK);

        var client = await app.SignUpAsync("client");
        await Expect.Problem(await client.PostAsync(Imports.Form(Imports.Header + "\n")), HttpStatusCode.BadRequest, "wrong-organization-kind");
        await Expect.Problem(await contractor.Admin.PostAsync(contractor.Api("/credential-imports"), new MultipartFormDataContent { { new StringContent("x"), "note" } }),
            HttpStatusCode.BadRequest, "validation-failed");
    }

    /// <summary>A ZIP whose one entry bomb.pdf is a PDF header and <paramref name="mebibytes"/> MiB of zeros (it compresses a thousandfold).</summary>
    private static byte[] Bomb(int mebibytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("bomb.pdf", CompressionLevel.SmallestSize).Open();
            entry.Write("%PDF-1.4\n"u8);
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < mebibytes; i++) entry.Write(zeros);
        }
        return buffer.ToArray();
    }

    /// <summary>Rewrites the uncompressed size in the local header and the central directory, as a hostile archive would.</summary>
    private static byte[] DeclareSize(byte[] zip, uint size)
    {
        var bytes = zip.ToArray();
        for (var i = 0; i + 46 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034B50) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
            else if (signature == 0x02014B50) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
        }
        return bytes;
    }
}

/// <summary>An app whose import runner is off, so an upload stays queued until another instance starts.</summary>
public sealed class QueuedImportsApp : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SiteReady:Imports:RunnerEnabled"] = "false" };
}

/// <summary>R-K8: imports left queued or running when an instance stops are picked up by the next one, never lost.</summary>
public class ImportRestartTests(QueuedImportsApp app) : IClassFixture<QueuedImportsApp>
{
    private async Task<(TestOrg Contractor, string ImportId)> QueueAsync()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var accepted = await Expect.Json(await contractor.PostAsync(Imports.Form($"{Imports.Header}\n{ann},Site pass,SP-1,2026-01-01,2027-01-01,\n")), HttpStatusCode.Accepted);
        var id = accepted["importId"]!.GetValue<string>();
        Assert.Equal("queued", (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credential-imports/{id}"))))["status"]!.GetValue<string>());
        return (contractor, id);
    }

    /// <summary>Another instance on the same database and data directory, with its runner on.</summary>
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> NextInstance() =>
        app.Factory.WithWebHostBuilder(b => b.UseSetting("SiteReady:Imports:RunnerEnabled", "true"));

    private Task MarkAsync(string importId, ImportStatus status, int attempts) => app.WithDbAsync(db =>
        db.CredentialImports.IgnoreQueryFilters([AppDb.TenantFilter]).Where(i => i.Id == Guid.Parse(importId))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status).SetProperty(i => i.Attempts, attempts)
                .SetProperty(i => i.LeaseUntil, FakeClock.DefaultStart.AddMinutes(-10))));

    [Fact]
    public async Task A_queued_import_runs_when_the_next_instance_starts()
    {
        var (contractor, id) = await QueueAsync();

        await using var next = NextInstance();
        next.CreateClient().Dispose();
        var done = await contractor.FinishedAsync(id);

        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.Single(await contractor.CredentialsAsync());
    }

    [Fact]
    public async Task An_import_whose_instance_stopped_while_running_runs_again_from_the_start()
    {
        var (contractor, id) = await QueueAsync();
        await MarkAsync(id, ImportStatus.Running, attempts: 1); // an instance claimed it, then died: its lease has lapsed

        await using var next = NextInstance();
        next.CreateClient().Dispose();
        var done = await contractor.FinishedAsync(id);

        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.Equal(1, done["createdRows"]!.GetValue<int>());
        Assert.Equal(2, await app.WithDbAsync(db => db.CredentialImports.IgnoreQueryFilters([AppDb.TenantFilter]).Where(i => i.Id == Guid.Parse(id)).Select(i => i.Attempts).SingleAsync()));
    }

    [Fact]
    public async Task An_import_interrupted_three_times_is_failed_with_a_message()
    {
        var (contractor, id) = await QueueAsync();
        await MarkAsync(id, ImportStatus.Running, attempts: CredentialImport.MaxAttempts);

        await using var next = NextInstance();
        next.CreateClient().Dispose();
        var done = await contractor.FinishedAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Contains("interrupted", done["message"]!.GetValue<string>());
        Assert.Empty(await contractor.CredentialsAsync());
    }
}
