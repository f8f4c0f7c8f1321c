using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

/// <summary>
/// Credentials (SPEC §5): a contractor uploads, the operator's reviewer decides, a client sees it in its network;
/// versions, history, activity, archive and delete; CSV export; a self-managed worker's own credentials.
/// </summary>
public class CredentialJourneyTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task A_contractor_adds_a_worker_credential_with_a_pdf_the_reviewer_approves_it_and_the_client_sees_it_verified()
    {
        var client = await site.SignUpThroughApiAsync("client", "Granite Quarries");
        await site.AddLocationThroughApiAsync(client, "Crusher", "none");
        var page = await site.NewPageAsync();
        var contractorEmail = site.UniqueEmail("admin");
        var orgId = await Ui.SignUpAsync(page, "contractor", "Bolt Electrical", contractorEmail);
        await site.ConnectThroughApiAsync((orgId, Guid.Empty, contractorEmail), client);
        var workerEmail = site.UniqueEmail("will");
        var workerId = await AddWorkerAsync(contractorEmail, orgId, "Will", "Wirer", workerEmail, client.OrganizationId);

        // Credentials is in the menu; nothing yet.
        await Ui.MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Credentials" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Credentials", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#credentials caption")).ToHaveTextAsync("0 credentials");

        // From the worker's Credentials tab: add a first aid certificate with its PDF.
        await page.GotoAsync($"/orgs/{orgId}/workers/{workerId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Credentials (0)" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a credential" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a credential", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Belongs to")).ToHaveValueAsync(workerId);
        await page.GetByLabel("Credential type").SelectOptionAsync(new SelectOptionValue { Label = "First aid certificate" });
        await page.GetByLabel("Issue date").FillAsync("2026-01-15");
        await page.GetByLabel("Expiry date").FillAsync("2029-01-15");
        await page.GetByLabel("Credential number (optional)").FillAsync("FA-1234");
        await page.GetByLabel("Photos or PDF of the document").SetInputFilesAsync(new FilePayload
        {
            Name = "first-aid.pdf", MimeType = "application/pdf", Buffer = Samples.Pdf(),
        });
        await SiteFixture.ScreenshotAsync(page, "credentials-01-a-contractor-adds-a-first-aid-certificate-with-its-pdf");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save credential" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("First aid certificate was added for Will Wirer. It is Pending");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "First aid certificate", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#credential-status")).ToContainTextAsync("Pending");
        await Expect(page.Locator("#files")).ToContainTextAsync("first-aid.pdf");
        await Expect(page.Locator("#version-details")).ToContainTextAsync("FA-1234");
        var credentialUrl = page.Url;
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download first-aid.pdf" }).ClickAsync());
        Assert.Equal("first-aid.pdf", download.SuggestedFilename);
        await SiteFixture.ScreenshotAsync(page, "credentials-02-the-new-credential-is-pending-review");

        // The operator's reviewer finds it in the queue, looks at the document and approves it.
        var reviewer = await site.NewPageAsync();
        await Ui.LogInAsync(reviewer, SiteFixture.OperatorEmail, SiteFixture.OperatorPassword);
        await Ui.MainNav(reviewer).GetByRole(AriaRole.Link, new() { Name = "Verification queue" }).ClickAsync();
        var queued = reviewer.Locator("#queue tbody tr[data-subject='Will Wirer']");
        await Expect(queued).ToContainTextAsync("First aid certificate");
        await Expect(queued).ToContainTextAsync("Bolt Electrical");
        await Expect(queued).ToContainTextAsync("business day");
        await SiteFixture.ScreenshotAsync(reviewer, "credentials-03-the-verification-queue-lists-it-oldest-first");
        await queued.GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "Review: First aid certificate", Level = 1 })).ToBeVisibleAsync();
        await Expect(reviewer.Locator("#files")).ToContainTextAsync("first-aid.pdf");
        await Expect(reviewer.Locator("#version-details")).ToContainTextAsync("15 Jan 2029");
        await SiteFixture.ScreenshotAsync(reviewer, "credentials-04-the-reviewer-sees-the-document-beside-its-details");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 1 of the First aid certificate of Will Wirer of Bolt Electrical was verified");
        await Expect(queued).ToHaveCountAsync(0);

        // The contractor sees it Verified, on the credential and on the worker's tab.
        await page.GotoAsync(credentialUrl);
        await Expect(page.Locator("#credential-status")).ToContainTextAsync("Verified");
        await Expect(page.Locator("#approval-status")).ToHaveTextAsync("Verified");
        await SiteFixture.ScreenshotAsync(page, "credentials-05-the-contractor-sees-it-verified");
        await page.GotoAsync($"/orgs/{orgId}/workers/{workerId}?tab=credentials");
        await Expect(CredentialRow(page, "First aid certificate")).ToContainTextAsync("Verified");
        await SiteFixture.ScreenshotAsync(page, "credentials-06-the-workers-credentials-tab");

        // The client finds it under My network › Worker credentials, read-only but for Archive.
        var clientPage = await site.NewPageAsync();
        await Ui.LogInAsync(clientPage, client.Email);
        await Ui.MainNav(clientPage).GetByRole(AriaRole.Link, new() { Name = "Worker credentials" }).ClickAsync();
        await Expect(clientPage.GetByRole(AriaRole.Heading, new() { Name = "Worker credentials", Level = 1 })).ToBeVisibleAsync();
        var networkRow = clientPage.Locator("#credentials tbody tr[data-subject='Will Wirer']");
        await Expect(networkRow).ToContainTextAsync("Verified");
        await Expect(networkRow).ToContainTextAsync("Bolt Electrical");
        await SiteFixture.ScreenshotAsync(clientPage, "credentials-07-a-client-sees-its-networks-worker-credentials");
        await networkRow.GetByRole(AriaRole.Link, new() { Name = "First aid certificate" }).ClickAsync();
        await Expect(clientPage.Locator("#credential-status")).ToContainTextAsync("Verified");
        await Expect(Ui.MainNav(clientPage).GetByRole(AriaRole.Link, new() { Name = "Worker credentials" })).ToHaveAttributeAsync("aria-current", "page");
        await clientPage.Locator("details.menu > summary").ClickAsync();
        await Expect(clientPage.GetByRole(AriaRole.Button, new() { Name = "Archive" })).ToBeVisibleAsync();
        await Expect(clientPage.GetByRole(AriaRole.Link, new() { Name = "Add version" })).ToHaveCountAsync(0);

        // … and through My network › Companies › company › worker › Credentials.
        await Ui.MainNav(clientPage).GetByRole(AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await clientPage.Locator("#connections").GetByRole(AriaRole.Link, new() { Name = "Bolt Electrical", Exact = true }).ClickAsync();
        await Expect(clientPage.GetByRole(AriaRole.Heading, new() { Name = "Bolt Electrical", Level = 1 })).ToBeVisibleAsync();
        await clientPage.Locator($"#company-workers tr[data-worker-email='{workerEmail}']").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(clientPage.GetByRole(AriaRole.Heading, new() { Name = "Will Wirer", Level = 1 })).ToBeVisibleAsync();
        await clientPage.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = "Credentials" }).ClickAsync();
        await SiteFixture.ScreenshotAsync(clientPage, "credentials-08-a-client-opens-a-workers-credentials-from-the-company");
        await CredentialRow(clientPage, "First aid certificate").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(clientPage).ToHaveURLAsync(credentialUrl.Replace(orgId.ToString(), client.OrganizationId.ToString()));
        await Expect(clientPage.Locator(".breadcrumb")).ToContainTextAsync("Bolt Electrical");
        await SiteFixture.ScreenshotAsync(clientPage, "credentials-09-the-client-sees-the-file-and-details");
    }

    [Fact]
    public async Task A_contractor_adds_a_version_edits_it_reads_the_history_and_activity_then_archives_and_deletes_after_confirming()
    {
        var (page, orgId, workerId, credentialId) = await ContractorWithCredentialAsync("Summit Cranes", "Dan", "Driver", "Driver's licence");
        await page.GotoAsync($"/orgs/{orgId}/credentials/{credentialId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Driver's licence", Level = 1 })).ToBeVisibleAsync();

        // Add version: a renewal with a photo of the card.
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a version", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Issue date").FillAsync("2027-01-10");
        await page.GetByLabel("Expiry date").FillAsync("2031-01-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save version" }).ClickAsync();
        // No file: the type needs one, said beside the file input.
        await Expect(page.Locator("#Input_Files-error")).ToContainTextAsync("needs at least one photo or PDF");
        await Expect(page.GetByLabel("Expiry date")).ToHaveValueAsync("2031-01-10");
        await page.GetByLabel("Photos or PDF of the document").SetInputFilesAsync(new FilePayload
        {
            Name = "licence.png", MimeType = "image/png", Buffer = Samples.CardPng(),
        });
        await SiteFixture.ScreenshotAsync(page, "credentials-10-a-renewal-is-added-as-a-new-version");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2 of the Driver's licence was added");
        var photo = page.Locator("#files img");
        await Expect(photo).ToHaveAttributeAsync("alt", "licence.png (version 2)");
        Assert.True(await photo.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the photo is shown from the app's own address");

        // Edit latest version: correct the expiry date.
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit latest version" }).ClickAsync();
        await Expect(page.GetByLabel("Expiry date")).ToHaveValueAsync("2031-01-10");
        await page.GetByLabel("Expiry date").FillAsync("2031-02-28");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2 of the Driver's licence was saved");
        await SiteFixture.ScreenshotAsync(page, "credentials-11-the-latest-version-shows-its-photo");

        // History: both versions, each selectable.
        await page.GetByRole(AriaRole.Link, new() { Name = "History (2)" }).ClickAsync();
        await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Version 1", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Version 1", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#version-details")).ToContainTextAsync("15 Jan 2027");
        await Expect(page.Locator("#files")).ToContainTextAsync("card.pdf");
        await SiteFixture.ScreenshotAsync(page, "credentials-12-the-history-lists-every-version");

        // Activity: who did what, and the expiry date from → to.
        await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        var edited = page.Locator("#activity tr[data-action='edited']");
        await Expect(edited).ToContainTextAsync("Edited version 2: expiry date");
        await Expect(edited).ToContainTextAsync("2031-01-10 → 2031-02-28");
        await Expect(page.Locator("#activity")).ToContainTextAsync("Added version 2");
        await SiteFixture.ScreenshotAsync(page, "credentials-13-the-activity-shows-who-changed-what");

        // Archive: it leaves the default list and appears with Show archived.
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The credential was archived");
        await Expect(page.Locator("#credential-status")).ToContainTextAsync("Archived");
        await page.GotoAsync($"/orgs/{orgId}/credentials");
        await Expect(CredentialRow(page, "Driver's licence")).ToHaveCountAsync(0);
        await page.GetByLabel("Show archived").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("archived=true"));
        await Expect(CredentialRow(page, "Driver's licence")).ToContainTextAsync("Archived");
        await SiteFixture.ScreenshotAsync(page, "credentials-14-show-archived-lists-the-archived-credential");

        // Delete asks first and says it cannot be undone; Cancel changes nothing.
        await CredentialRow(page, "Driver's licence").GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Delete this credential?");
        await Expect(dialog).ToContainTextAsync("irreversible");
        await SiteFixture.ScreenshotAsync(page, "credentials-15-delete-asks-for-confirmation-and-says-it-is-irreversible");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete credential" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The Driver's licence of Dan Driver was deleted");
        await Expect(page).ToHaveURLAsync(new Regex($"/workers/{workerId}\\?tab=credentials$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Credentials (0)" })).ToBeVisibleAsync();
        var gone = await page.GotoAsync($"/orgs/{orgId}/credentials/{credentialId}");
        Assert.Equal(404, gone!.Status);
    }

    [Fact]
    public async Task Export_CSV_downloads_the_filtered_list_and_the_credential_pages_fit_a_phone()
    {
        var (page, orgId, workerId, credentialId) = await ContractorWithCredentialAsync("Ledger Scaffolding", "Erin", "Export", "Working at heights");
        await AddCredentialAsync(page, orgId, workerId, "First aid certificate", "first-aid.pdf");

        await page.GotoAsync($"/orgs/{orgId}/credentials");
        await Expect(page.Locator("#credentials caption")).ToHaveTextAsync("2 credentials");
        await page.GetByLabel("Credential type").SelectOptionAsync(new SelectOptionValue { Label = "Working at heights" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#credentials caption")).ToHaveTextAsync("1 credential matches the filter");
        await SiteFixture.ScreenshotAsync(page, "credentials-16-the-credentials-list-filtered-by-type");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Equal("credentials.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("worker_email,credential_type", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("Working at heights", lines[1]);
        Assert.DoesNotContain("First aid certificate", csv);

        var phone = await site.NewPageAsync(390, 844, mobile: true);
        await Ui.LogInAsync(phone, CurrentEmail(page));
        foreach (var (path, shot) in new[]
        {
            ($"/orgs/{orgId}/credentials", "credentials-17-the-credentials-list-on-a-phone"),
            ($"/orgs/{orgId}/credentials/new?workerId={workerId}", null),
            ($"/orgs/{orgId}/credentials/{credentialId}", "credentials-18-a-credential-on-a-phone"),
            ($"/orgs/{orgId}/credentials/{credentialId}?tab=history", null),
            ($"/orgs/{orgId}/credentials/{credentialId}?tab=activity", null),
            ($"/orgs/{orgId}/credentials/{credentialId}/versions/new", null),
            ($"/orgs/{orgId}/workers/{workerId}?tab=credentials", null),
        })
        {
            await phone.GotoAsync(path);
            Assert.True(await Ui.HorizontalOverflowAsync(phone) == 0, $"{path} is wider than the phone screen");
            if (shot is not null) await SiteFixture.ScreenshotAsync(phone, shot);
        }
    }

    [Fact]
    public async Task A_self_managed_worker_adds_their_own_credential_on_their_phone()
    {
        var client = await site.SignUpThroughApiAsync("client", "Harbour Works");
        await site.AddLocationThroughApiAsync(client, "Wharf 3", "app");
        var contractor = await site.SignUpThroughApiAsync("contractor", "Tide Rigging");
        await site.ConnectThroughApiAsync(contractor, client);
        var email = site.UniqueEmail("sam");
        await AddWorkerAsync(contractor.Email, contractor.OrganizationId, "Sam", "Self", email, client.OrganizationId, "selfManaged");

        var phone = await site.NewPageAsync(390, 844, mobile: true);
        await phone.GotoAsync(await site.Mailbox.WaitForLinkAsync(email, "/invitations/"));
        await phone.GetByLabel("Choose a password").FillAsync("sam's long passphrase");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await phone.GetByLabel("Mobile").FillAsync("+61412345678");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync($"{site.BaseUrl}/me");

        await phone.GetByRole(AriaRole.Link, new() { Name = "My credentials" }).ClickAsync();
        await Expect(phone.Locator("#my-credentials caption")).ToHaveTextAsync("0 credentials");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Add a credential" }).ClickAsync();
        await phone.GetByLabel("Credential type").SelectOptionAsync(new SelectOptionValue { Label = "White card (construction induction)" });
        // The white card has no expiry date: the form does not ask for one.
        await Expect(phone.GetByLabel("Expiry date")).ToBeHiddenAsync();
        await phone.GetByLabel("Issue date").FillAsync("2025-03-01");
        await phone.GetByLabel("Photos or PDF of the document").SetInputFilesAsync(new FilePayload
        {
            Name = "white-card.png", MimeType = "image/png", Buffer = Samples.CardPng(),
        });
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(phone));
        await SiteFixture.ScreenshotAsync(phone, "credentials-19-a-self-managed-worker-adds-their-white-card");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save credential" }).ClickAsync();

        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Your White card (construction induction) was added. It is Pending");
        var row = phone.Locator("#my-credentials tbody tr[data-credential-type='White card (construction induction)']");
        await Expect(row).ToContainTextAsync("Pending");
        await Expect(row).ToContainTextAsync("No expiry");
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(phone));
        await SiteFixture.ScreenshotAsync(phone, "credentials-20-the-workers-own-credentials");
    }

    private readonly Dictionary<IPage, string> _emails = [];

    private string CurrentEmail(IPage page) => _emails[page];

    /// <summary>A signed-in contractor (browser), connected to a client, with a worker who has one credential added through the API.</summary>
    private async Task<(IPage Page, Guid OrgId, string WorkerId, string CredentialId)> ContractorWithCredentialAsync(
        string contractorName, string firstName, string lastName, string type)
    {
        var client = await site.SignUpThroughApiAsync("client", contractorName + " Client");
        var contractor = await site.SignUpThroughApiAsync("contractor", contractorName);
        await site.ConnectThroughApiAsync(contractor, client);
        var workerId = await AddWorkerAsync(contractor.Email, contractor.OrganizationId, firstName, lastName, site.UniqueEmail(firstName.ToLowerInvariant()), client.OrganizationId);

        using var api = await site.ApiClientAsync(contractor.Email);
        var types = (await api.GetFromJsonAsync<JsonArray>($"/api/v1/orgs/{contractor.OrganizationId}/credential-types"))!;
        var typeId = types.Single(t => t!["name"]!.GetValue<string>() == type)!["id"]!.GetValue<string>();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(workerId), "workerId" }, { new StringContent(typeId), "credentialTypeId" },
            { new StringContent("2026-01-15"), "issueDate" }, { new StringContent("2027-01-15"), "expiryDate" },
            { new StringContent("L-778"), "credentialNumber" },
        };
        var file = new ByteArrayContent(Samples.Pdf(type));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", "card.pdf");
        var added = await api.PostAsync($"/api/v1/orgs/{contractor.OrganizationId}/credentials", form);
        added.EnsureSuccessStatusCode();
        var credentialId = (await added.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var page = await site.NewPageAsync();
        await Ui.LogInAsync(page, contractor.Email);
        await Expect(page).ToHaveURLAsync(Ui.OrgHome());
        _emails[page] = contractor.Email;
        return (page, contractor.OrganizationId, workerId, credentialId);
    }

    /// <summary>Adds a credential through the page, as a person would.</summary>
    private static async Task AddCredentialAsync(IPage page, Guid orgId, string workerId, string type, string fileName)
    {
        await page.GotoAsync($"/orgs/{orgId}/credentials/new?workerId={workerId}");
        await page.GetByLabel("Credential type").SelectOptionAsync(new SelectOptionValue { Label = type });
        await page.GetByLabel("Issue date").FillAsync("2026-02-01");
        await page.GetByLabel("Expiry date").FillAsync("2028-02-01");
        await page.GetByLabel("Photos or PDF of the document").SetInputFilesAsync(new FilePayload
        {
            Name = fileName, MimeType = "application/pdf", Buffer = Samples.Pdf(type),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save credential" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{type} was added");
    }

    private async Task<string> AddWorkerAsync(string adminEmail, Guid orgId, string firstName, string lastName, string email, Guid clientId,
        string managementMode = "employerManaged")
    {
        using var api = await site.ApiClientAsync(adminEmail);
        var added = await api.PostAsJsonAsync($"/api/v1/orgs/{orgId}/workers", new
        {
            firstName, lastName, email, managementMode, clientConnections = new[] { new { clientId } },
        });
        added.EnsureSuccessStatusCode();
        return (await added.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static ILocator CredentialRow(IPage page, string type) => page.Locator($"#credentials tbody tr[data-credential-type=\"{type}\"]");
}
