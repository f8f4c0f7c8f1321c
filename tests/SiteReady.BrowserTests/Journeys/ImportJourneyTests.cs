using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using SiteReady.Web.Features.Imports;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

/// <summary>
/// Credentials › Import CSV (R-K8): a contractor checks a file, reads every bad row with its row, column and
/// problem, corrects it and imports it with a ZIP of documents; the background runner of the app does the work.
/// </summary>
public class ImportJourneyTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    public const string Header = "worker_email,credential_type,credential_number,issue_date,expiry_date,file";

    [Fact]
    public async Task A_contractor_checks_a_file_with_a_bad_row_reads_the_problem_then_imports_the_corrected_file_with_its_pdf()
    {
        var (orgId, email) = await ContractorAsync("Quarry Line Haulage");
        var workerEmail = site.UniqueEmail("ivy");
        await AddWorkerAsync(email, orgId, "Ivy", "Importer", workerEmail);
        var page = await site.NewPageAsync();
        var consoleErrors = ConsoleErrors(page);
        await Ui.LogInAsync(page, email);
        await Expect(page).ToHaveURLAsync(Ui.OrgHome());

        // Credentials › Import CSV.
        await Ui.MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Credentials" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import credentials", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".import-columns")).ToContainTextAsync("worker_email");
        var template = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the template" }).ClickAsync());
        Assert.Equal("credential-import-template.csv", template.SuggestedFilename);
        Assert.Equal(Header, (await File.ReadAllTextAsync((await template.PathAsync())!, Encoding.UTF8)).TrimStart('\uFEFF').TrimEnd());

        // A check of a file whose second credential names a type that does not exist.
        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv($"""
            {Header}
            {workerEmail},First aid certificate,FA-501,2026-02-01,2029-02-01,ivy-first-aid.pdf
            {workerEmail},Forklift licence,FL-77,2026-02-01,2031-02-01,
            """));
        await page.GetByLabel("ZIP of the documents (optional)").SetInputFilesAsync(Documents());
        await SiteFixture.ScreenshotAsync(page, "imports-01-the-import-form-with-a-csv-and-a-zip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/orgs/{orgId}/credentials/imports/[0-9a-f-]{{36}}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check of ivy.csv", Level = 1 })).ToBeVisibleAsync();
        var problems = page.Locator("#import-errors tbody tr");
        await Expect(problems).ToHaveCountAsync(1);
        await Expect(problems.Locator("td[data-label=Row]")).ToHaveTextAsync("3");
        await Expect(problems.Locator("td[data-label=Column]")).ToHaveTextAsync("credential_type");
        await Expect(problems.Locator("td[data-label=Problem]")).ToContainTextAsync("No credential type named Forklift licence");
        await Expect(page.Locator("#import-errors caption")).ToHaveTextAsync("1 problem");
        await Expect(page.Locator("#import-progress-text")).ToHaveTextAsync("Checked 2 rows.");
        await SiteFixture.ScreenshotAsync(page, "imports-02-the-check-lists-the-bad-row-with-its-column-and-problem");

        // Corrected: a real import of both rows, the first with its PDF from the ZIP.
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload a corrected file" }).ClickAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv($"""
            {Header}
            {workerEmail},First aid certificate,FA-501,2026-02-01,2029-02-01,ivy-first-aid.pdf
            {workerEmail},Working at heights,WH-12,2026-03-01,2028-03-01,ivy-heights.pdf
            """));
        await page.GetByLabel("ZIP of the documents (optional)").SetInputFilesAsync(Documents());
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import of ivy.csv", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Imported 2 rows" })).ToBeVisibleAsync();
        await Expect(page.Locator(".import-outcome")).ToContainTextAsync("2 credentials added");
        var bar = page.Locator("progress#import-progress");
        await Expect(bar).ToHaveAttributeAsync("max", "2");
        await Expect(bar).ToHaveAttributeAsync("value", "2");
        await Expect(page.Locator("#import-progress-text")).ToHaveTextAsync("Done: 2 rows imported.");
        await SiteFixture.ScreenshotAsync(page, "imports-03-the-import-succeeded-and-the-bar-is-full");

        // The credentials list shows them; the first aid certificate has its PDF.
        await page.GetByRole(AriaRole.Link, new() { Name = "See the credentials" }).ClickAsync();
        await Expect(page.Locator("#credentials caption")).ToHaveTextAsync("2 credentials");
        var firstAid = page.Locator("#credentials tbody tr[data-credential-type=\"First aid certificate\"]");
        await Expect(firstAid).ToContainTextAsync("Ivy Importer");
        await Expect(firstAid).ToContainTextAsync("Pending");
        await Expect(page.Locator("#credentials tbody tr[data-credential-type=\"Working at heights\"]")).ToContainTextAsync("Ivy Importer");
        await SiteFixture.ScreenshotAsync(page, "imports-04-the-credentials-list-shows-the-imported-credentials");
        await firstAid.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.Locator("#files")).ToContainTextAsync("ivy-first-aid.pdf");
        await Expect(page.Locator("#version-details")).ToContainTextAsync("FA-501");

        // The import page and a report fit a phone.
        var reports = await ReportsAsync(email, orgId);
        var phone = await site.NewPageAsync(390, 844, mobile: true);
        await Ui.LogInAsync(phone, email);
        await Expect(phone).ToHaveURLAsync(Ui.OrgHome());
        foreach (var (path, shot) in new[]
        {
            ($"/orgs/{orgId}/credentials/import", "imports-05-the-import-form-on-a-phone"),
            ($"/orgs/{orgId}/credentials/imports/{reports[1]}", "imports-06-a-check-with-a-problem-on-a-phone"),
            ($"/orgs/{orgId}/credentials/imports/{reports[0]}", null),
        })
        {
            await phone.GotoAsync(path);
            Assert.True(await Ui.HorizontalOverflowAsync(phone) == 0, $"{path} is wider than the phone screen");
            if (shot is not null) await SiteFixture.ScreenshotAsync(phone, shot);
        }
        Assert.Empty(consoleErrors);
    }

    /// <summary>A contractor signed up and connected to a client, through the API.</summary>
    private async Task<(Guid OrgId, string Email)> ContractorAsync(string name)
    {
        var client = await site.SignUpThroughApiAsync("client", name + " Client");
        var contractor = await site.SignUpThroughApiAsync("contractor", name);
        await site.ConnectThroughApiAsync(contractor, client);
        ClientId = client.OrganizationId;
        return (contractor.OrganizationId, contractor.Email);
    }

    private Guid ClientId { get; set; }

    private async Task AddWorkerAsync(string adminEmail, Guid orgId, string firstName, string lastName, string email)
    {
        using var api = await site.ApiClientAsync(adminEmail);
        var added = await api.PostAsJsonAsync($"/api/v1/orgs/{orgId}/workers", new
        {
            firstName, lastName, email, managementMode = "employerManaged", clientConnections = new[] { new { clientId = ClientId } },
        });
        added.EnsureSuccessStatusCode();
    }

    /// <summary>The organisation's imports, newest first.</summary>
    private async Task<List<string>> ReportsAsync(string adminEmail, Guid orgId)
    {
        using var api = await site.ApiClientAsync(adminEmail);
        var list = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/orgs/{orgId}/credential-imports"))!;
        return list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
    }

    public static FilePayload Csv(string text, string name = "ivy.csv") => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    private static FilePayload Documents()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in new[] { ("ivy-first-aid.pdf", Samples.Pdf("Ivy's first aid")), ("ivy-heights.pdf", Samples.Pdf("Ivy's heights ticket")) })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        return new FilePayload { Name = "ivy-documents.zip", MimeType = "application/zip", Buffer = buffer.ToArray() };
    }

    /// <summary>Errors the page writes to the console, such as a script the content security policy blocked.</summary>
    public static List<string> ConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") errors.Add(message.Text);
        };
        return errors;
    }
}

/// <summary>An app whose import runner is off, so a test decides when a queued import runs.</summary>
public sealed class HeldImportsSiteFixture : SiteFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SiteReady:Imports:RunnerEnabled"] = "false" };

    /// <summary>Runs the next queued import to its end, as the background runner would.</summary>
    public Task<bool> RunNextImportAsync() => Services.GetRequiredService<CredentialImportRunner>().RunNextAsync(CancellationToken.None);
}

/// <summary>The report of an import that has not finished: its script follows the progress and shows the outcome when it ends.</summary>
public class ImportProgressJourneyTests(HeldImportsSiteFixture site) : IClassFixture<HeldImportsSiteFixture>
{
    [Fact]
    public async Task The_report_of_a_waiting_import_updates_itself_when_the_import_has_run()
    {
        var client = await site.SignUpThroughApiAsync("client", "Ridge Mining");
        var contractor = await site.SignUpThroughApiAsync("contractor", "Ridge Fencing");
        await site.ConnectThroughApiAsync(contractor, client);
        using (var clientApi = await site.ApiClientAsync(client.Email))
            (await clientApi.PostAsJsonAsync($"/api/v1/orgs/{client.OrganizationId}/credential-types", new
            {
                name = "Ridge site pass", category = "ticket", subject = "worker", hasIssueDate = true, hasExpiryDate = true,
                mediaRequired = false, verificationRequired = false,
            })).EnsureSuccessStatusCode();
        var workerEmail = site.UniqueEmail("pat");
        using (var api = await site.ApiClientAsync(contractor.Email))
            (await api.PostAsJsonAsync($"/api/v1/orgs/{contractor.OrganizationId}/workers", new
            {
                firstName = "Pat", lastName = "Progress", email = workerEmail, managementMode = "employerManaged",
                clientConnections = new[] { new { clientId = client.OrganizationId } },
            })).EnsureSuccessStatusCode();
        var page = await site.NewPageAsync();
        var consoleErrors = ImportJourneyTests.ConsoleErrors(page);
        await Ui.LogInAsync(page, contractor.Email);
        await Expect(page).ToHaveURLAsync(Ui.OrgHome());

        await page.GotoAsync($"/orgs/{contractor.OrganizationId}/credentials/import");
        await page.GetByLabel("CSV file").SetInputFilesAsync(ImportJourneyTests.Csv($"""
            {ImportJourneyTests.Header}
            {workerEmail},Ridge site pass,RSP-1,2026-06-01,2027-06-01,
            """, "pat.csv"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        // Waiting: an indeterminate bar, a Refresh link for those without script, and the script polling.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "In progress" })).ToBeVisibleAsync();
        await Expect(page.Locator("#import-progress-text")).ToHaveTextAsync("Waiting to start…");
        Assert.False(await page.Locator("progress#import-progress").EvaluateAsync<bool>("p => p.hasAttribute('value')"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Refresh" })).ToBeVisibleAsync();
        await page.WaitForResponseAsync(r => r.Url.EndsWith("?handler=progress") && r.Status == 200);
        await SiteFixture.ScreenshotAsync(page, "imports-07-a-waiting-import-and-its-progress-bar");

        // The import runs; the page notices without being reloaded by hand.
        Assert.True(await site.RunNextImportAsync());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Imported 1 row" })).ToBeVisibleAsync();
        await Expect(page.Locator("progress#import-progress")).ToHaveAttributeAsync("value", "1");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Refresh" })).ToHaveCountAsync(0);
        Assert.Empty(consoleErrors);
    }
}
