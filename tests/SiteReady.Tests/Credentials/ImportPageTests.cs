using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Credentials;

/// <summary>Cookie-signed-in page clients and the import form as a browser posts it.</summary>
internal static class ImportPages
{
    public static string ImportPage(this TestOrg org) => $"/orgs/{org.Id}/credentials/import";

    /// <summary>A cookie-signed-in client for pages, as a browser would be.</summary>
    public static async Task<HttpClient> PageClientAsync(this AppFixture app, string email)
    {
        var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signedIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = AppFixture.Password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient page, string path) =>
        Regex.Match(await page.GetStringAsync(path), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } token
            ? token : throw new InvalidOperationException($"No antiforgery token in {path}.");

    /// <summary>The form as the page posts it: the token, the files, and the button pressed ("Check file" is dryRun=true).</summary>
    public static MultipartFormDataContent Form(string? token, string? csv, bool dryRun, byte[]? zip = null, string? dateFormat = null)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        if (csv is not null)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "csv", "credentials.csv");
        }
        if (zip is not null)
        {
            var media = new ByteArrayContent(zip);
            media.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(media, "media", "documents.zip");
        }
        form.Add(new StringContent(dateFormat ?? ""), "dateFormat");
        form.Add(new StringContent(dryRun ? "true" : "false"), "dryRun");
        return form;
    }

    /// <summary>Posts the form with a fresh token; expects the redirect to the report and returns its path.</summary>
    public static async Task<string> SubmitAsync(this HttpClient page, TestOrg org, string csv, bool dryRun, byte[]? zip = null, string? dateFormat = null)
    {
        var posted = await page.PostAsync(org.ImportPage(), Form(await TokenAsync(page, org.ImportPage()), csv, dryRun, zip, dateFormat));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var report = posted.Headers.Location!.OriginalString;
        Assert.Matches($"^/orgs/{org.Id}/credentials/imports/[0-9a-f-]{{36}}$", report);
        return report;
    }

    /// <summary>Polls the report's progress, as its script does, until the import has finished (at most a minute); returns the report page.</summary>
    public static async Task<string> FinishedReportAsync(this HttpClient page, string report)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var progress = JsonNode.Parse(await page.GetStringAsync(report + "?handler=progress"))!;
            if (progress["finished"]!.GetValue<bool>()) return await page.GetStringAsync(report);
            if (DateTime.UtcNow > deadline) Assert.Fail($"The import did not finish within a minute: {progress.ToJsonString()}");
            await Task.Delay(25);
        }
    }

    /// <summary>The rows of the report's problem table: row, column and message as shown.</summary>
    public static List<(string Row, string Column, string Problem)> ErrorRows(string html) =>
        Regex.Matches(html, "<tr data-row=\"\\d+\">\\s*<td data-label=\"Row\">(.*?)</td>\\s*<td data-label=\"Column\">(.*?)</td>\\s*<td data-label=\"Problem\">(.*?)</td>",
                RegexOptions.Singleline)
            .Select(m => (m.Groups[1].Value, Regex.Replace(m.Groups[2].Value, "<[^>]+>", "").Trim(), WebUtility.HtmlDecode(m.Groups[3].Value)))
            .ToList();
}

/// <summary>
/// Credentials › Import CSV (R-K8) over HTTP: the streamed form keeps its antiforgery check, a check or an import
/// leads to its report, and the report lists every bad row or what was imported.
/// </summary>
public class ImportPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_credentials_page_links_to_the_import_form_which_explains_the_columns_and_offers_a_template()
    {
        var contractor = await Imports.ContractorAsync(app);
        var page = await app.PageClientAsync(contractor.AdminEmail);

        var credentials = await page.GetStringAsync($"/orgs/{contractor.Id}/credentials");
        Assert.Contains($"href=\"{contractor.ImportPage()}\">Import CSV</a>", credentials);

        var form = await page.GetStringAsync(contractor.ImportPage());
        Assert.Contains("enctype=\"multipart/form-data\"", form);
        Assert.Contains("name=\"__RequestVerificationToken\"", form);
        Assert.Contains("<input id=\"Input_CsvFile\" name=\"csv\" type=\"file\"", form);
        Assert.Contains("<input id=\"Input_ZipFile\" name=\"media\" type=\"file\"", form);
        Assert.Contains("<button type=\"submit\" name=\"dryRun\" value=\"true\" class=\"button\">Check file</button>", form);
        Assert.Contains(">Import</button>", form);
        foreach (var column in Imports.Header.Split(',')) Assert.Contains($"<code>{column}</code>", form);
        Assert.Contains(Imports.SitePass, form); // the types the contractor may name

        var template = await page.GetAsync(contractor.ImportPage() + "?handler=template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("text/csv", template.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Imports.Header + "\r\n", (await template.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));

        // A viewer may look at reports but not import; a client has no import page.
        var (_, viewerEmail, _) = await contractor.AddUserAsync("viewer");
        var viewer = await app.PageClientAsync(viewerEmail);
        Assert.DoesNotContain("Import CSV", await viewer.GetStringAsync($"/orgs/{contractor.Id}/credentials"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(contractor.ImportPage())).StatusCode);
        var client = await app.SignUpAsync("client");
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.PageClientAsync(client.AdminEmail)).GetAsync(client.ImportPage())).StatusCode);
    }

    [Fact]
    public async Task A_checked_file_with_a_bad_row_leads_to_a_report_listing_its_row_column_and_message_and_nothing_changes()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        await contractor.AddWorkerAsync(ann);
        var page = await app.PageClientAsync(contractor.AdminEmail);
        var csv = $"""
            {Imports.Header}
            {ann},Site pass,SP-1,2026-01-01,2027-01-01,
            {ann},Forklift ticket,FT-1,2026-01-01,2027-01-01,
            {ann},Site pass,SP-2,2026-02-30,2027-01-01,
            """;

        // Without the antiforgery token nothing is queued.
        var forged = await page.PostAsync(contractor.ImportPage(), ImportPages.Form(null, csv, dryRun: true));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty((await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credential-imports"))))["items"]!.AsArray());

        var report = await page.SubmitAsync(contractor, csv, dryRun: true);
        var html = await page.FinishedReportAsync(report);

        Assert.Contains("Check of credentials.csv", html);
        Assert.Contains("2 problems", html);
        Assert.Contains("<progress id=\"import-progress\" aria-labelledby=\"progress-title\" aria-describedby=\"import-progress-text\" max=\"3\" value=\"3\"", html);
        Assert.DoesNotContain("import-progress.js", html); // finished: nothing to poll
        var rows = ImportPages.ErrorRows(html);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("3", "credential_type"), (rows[0].Row, rows[0].Column));
        Assert.Contains("No credential type named Forklift ticket", rows[0].Problem);
        Assert.Equal(("4", "issue_date"), (rows[1].Row, rows[1].Column));
        Assert.Contains("2026-02-30 is not a date", rows[1].Problem);
        Assert.Contains($"href=\"{contractor.ImportPage()}\">Upload a corrected file</a>", html);
        Assert.Empty(await contractor.CredentialsAsync());
    }

    [Fact]
    public async Task An_import_from_the_page_reports_its_success_and_the_credentials_exist_with_their_files()
    {
        var contractor = await Imports.ContractorAsync(app);
        var ann = app.UniqueEmail("ann");
        var bob = app.UniqueEmail("bob");
        await contractor.AddWorkerAsync(ann);
        await contractor.AddWorkerAsync(bob);
        var page = await app.PageClientAsync(contractor.AdminEmail);
        var csv = $"""
            {Imports.Header}
            {ann},{Imports.FirstAid},FA-7,01/02/2026,01/02/2029,first-aid.pdf
            {bob},Site pass,SP-8,15/03/2026,15/03/2027,
            """;
        var zip = Imports.Zip(("first-aid.pdf", Uploads.Pdf("ann's first aid")));

        // A clean check offers the import, with the same date format, from a form under its report.
        var checkedHtml = await page.FinishedReportAsync(await page.SubmitAsync(contractor, csv, dryRun: true, zip, "dd/MM/yyyy"));
        Assert.Contains("No problems found in 2 rows: run the import", checkedHtml);
        Assert.Contains("would add 2 credentials", checkedHtml);
        Assert.Contains("choose the same files again", checkedHtml);
        Assert.Contains($"action=\"{contractor.ImportPage()}\"", checkedHtml);
        Assert.Contains("name=\"dateFormat\" type=\"text\" value=\"dd/MM/yyyy\"", checkedHtml);
        Assert.Empty(await contractor.CredentialsAsync());

        var html = await page.FinishedReportAsync(await page.SubmitAsync(contractor, csv, dryRun: false, zip, "dd/MM/yyyy"));

        Assert.Contains("Import of credentials.csv", html);
        Assert.Contains("Imported 2 rows", html);
        Assert.Contains("2 credentials added, 0 new versions, 0 rows already recorded.", html);
        Assert.Contains($"href=\"/orgs/{contractor.Id}/credentials\">See the credentials</a>", html);
        Assert.Empty(ImportPages.ErrorRows(html));
        var credentials = await contractor.CredentialsAsync();
        Assert.Equal(2, credentials.Count);
        var firstAid = credentials.Single(c => c!["credentialType"]!["name"]!.GetValue<string>() == Imports.FirstAid)!;
        Assert.Equal("2029-02-01", firstAid["expiryDate"]!.GetValue<string>());
        var details = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{firstAid["id"]}")));
        Assert.Equal("first-aid.pdf", details["latestVersion"]!["files"]![0]!["fileName"]!.GetValue<string>());
        Assert.Contains(Imports.SitePass, await page.GetStringAsync($"/orgs/{contractor.Id}/credentials"));
    }

    [Fact]
    public async Task A_refused_upload_comes_back_beside_the_form_with_the_date_format_kept()
    {
        var contractor = await Imports.ContractorAsync(app);
        var page = await app.PageClientAsync(contractor.AdminEmail);

        var noCsv = await page.PostAsync(contractor.ImportPage(), ImportPages.Form(await ImportPages.TokenAsync(page, contractor.ImportPage()), null, dryRun: true, dateFormat: "dd/MM/yyyy"));
        Assert.Equal(HttpStatusCode.OK, noCsv.StatusCode);
        var html = await noCsv.Content.ReadAsStringAsync();
        Assert.Contains("id=\"Input_CsvFile-error\"", html);
        Assert.Contains("Required: the CSV file, with the columns worker_email", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("value=\"dd/MM/yyyy\"", html);
        Assert.Contains("choose them again", html);

        var badFormat = await page.PostAsync(contractor.ImportPage(),
            ImportPages.Form(await ImportPages.TokenAsync(page, contractor.ImportPage()), Imports.Header + "\n", dryRun: true, dateFormat: "HH:mm"));
        Assert.Contains("id=\"Input_DateFormat-error\"", await badFormat.Content.ReadAsStringAsync());

        var zipAsCsv = await page.PostAsync(contractor.ImportPage(),
            ImportPages.Form(await ImportPages.TokenAsync(page, contractor.ImportPage()), "PK\x03\x04 not really", dryRun: true));
        Assert.Contains("not CSV", await zipAsCsv.Content.ReadAsStringAsync());
        Assert.Empty((await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credential-imports"))))["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_organisations_import_report_is_404()
    {
        var contractor = await Imports.ContractorAsync(app);
        var other = await app.SignUpAsync("contractor");
        var accepted = await Expect.Json(await contractor.PostAsync(Imports.Form(Imports.Header + "\n"), dryRun: true), HttpStatusCode.Accepted);
        var id = accepted["importId"]!.GetValue<string>();
        var page = await app.PageClientAsync(other.AdminEmail);

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/orgs/{other.Id}/credentials/imports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/orgs/{other.Id}/credentials/imports/{id}?handler=progress")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.GetAsync($"/orgs/{contractor.Id}/credentials/imports/{id}")).StatusCode);
    }
}

/// <summary>The report of an import that has not started (the runner is off here): what a person sees while waiting.</summary>
public class ImportPageWaitingTests(QueuedImportsApp app) : IClassFixture<QueuedImportsApp>
{
    [Fact]
    public async Task A_waiting_import_shows_an_indeterminate_bar_a_refresh_link_and_the_script_that_polls_its_progress()
    {
        var contractor = await Imports.ContractorAsync(app);
        var page = await app.PageClientAsync(contractor.AdminEmail);

        var report = await page.SubmitAsync(contractor, Imports.Header + "\n", dryRun: false);
        var html = await page.GetStringAsync(report);

        Assert.Contains("<progress id=\"import-progress\" aria-labelledby=\"progress-title\" aria-describedby=\"import-progress-text\"></progress>", html);
        Assert.Contains("Waiting to start…", WebUtility.HtmlDecode(html));
        Assert.Contains($"<a href=\"{report}\">Refresh</a>", html);
        Assert.Matches("<script src=\"/js/import-progress.js\\?v=[^\"]+\" defer></script>", html);
        Assert.Contains($"data-import-progress=\"{report}?handler=progress\"", html);

        var progress = await page.GetAsync(report + "?handler=progress");
        Assert.Equal("application/json", progress.Content.Headers.ContentType!.MediaType);
        var json = JsonNode.Parse(await progress.Content.ReadAsStringAsync())!;
        Assert.Equal("queued", json["status"]!.GetValue<string>());
        Assert.False(json["finished"]!.GetValue<bool>());
        Assert.Null(json["value"]);
        Assert.Equal("Waiting to start…", json["text"]!.GetValue<string>());
    }
}
