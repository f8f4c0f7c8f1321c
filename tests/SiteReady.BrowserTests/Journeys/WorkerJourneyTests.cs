using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

/// <summary>Clients and contractors connect; contractors add workers, who activate from the emailed link.</summary>
public class WorkerJourneyTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task A_client_and_a_contractor_connect_and_a_self_managed_worker_activates_from_the_emailed_link_and_lands_on_the_portal()
    {
        const string clientName = "Pilbara Iron";
        const string contractorName = "Spark Electrical";

        // The client signs up and adds a site where workers check in with the app.
        var client = await site.NewPageAsync();
        await Ui.SignUpAsync(client, "client", clientName, site.UniqueEmail("clara"));
        await Ui.MainNav(client).GetByRole(AriaRole.Link, new() { Name = "Locations" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Heading, new() { Name = "Locations", Level = 1 })).ToBeVisibleAsync();
        await client.GetByLabel("Name", new() { Exact = true }).FillAsync("North gate");
        await client.GetByLabel("Address (optional)").FillAsync("1 Haul Road, Port Hedland");
        await client.GetByLabel("Time zone").SelectOptionAsync("Australia/Perth");
        await client.GetByLabel("SiteReady check-in app").CheckAsync();
        await SiteFixture.ScreenshotAsync(client, "workers-01-client-adds-location");
        await client.GetByRole(AriaRole.Button, new() { Name = "Add location" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("North gate was added");
        await Expect(client.Locator("#locations tbody")).ToContainTextAsync("Check-in app");

        // The contractor signs up: Workers says to connect to a client first.
        var contractor = await site.NewPageAsync();
        await Ui.SignUpAsync(contractor, "contractor", contractorName, site.UniqueEmail("carl"));
        await Ui.MainNav(contractor).GetByRole(AriaRole.Link, new() { Name = "Workers" }).ClickAsync();
        await Expect(contractor.GetByRole(AriaRole.Heading, new() { Name = "Connect to a client first" })).ToBeVisibleAsync();
        await SiteFixture.ScreenshotAsync(contractor, "workers-02-connect-first");
        await contractor.GetByRole(AriaRole.Link, new() { Name = "Go to My network" }).ClickAsync();
        await Expect(Ui.MainNav(contractor).GetByRole(AriaRole.Link, new() { Name = "My network" })).ToHaveAttributeAsync("aria-current", "page");
        await contractor.GetByLabel("Find a client").FillAsync("Pilbara");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await contractor.GetByLabel("Client", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = clientName });
        await contractor.GetByRole(AriaRole.Button, new() { Name = "Send connection request" }).ClickAsync();
        await Expect(contractor.GetByRole(AriaRole.Status)).ToContainTextAsync($"Request sent to {clientName}");
        await Expect(ConnectionRow(contractor, clientName)).ToContainTextAsync("waiting for them");
        await SiteFixture.ScreenshotAsync(contractor, "workers-03-contractor-network");

        // The client accepts under My network › Companies.
        await Ui.MainNav(client).GetByRole(AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await Expect(ConnectionRow(client, contractorName)).ToContainTextAsync("Waiting for you to accept");
        await SiteFixture.ScreenshotAsync(client, "workers-04-client-companies");
        await ConnectionRow(client, contractorName).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync($"You are now connected to {contractorName}");
        await Expect(ConnectionRow(client, contractorName)).ToContainTextAsync("Connected");

        // The contractor adds a self-managed worker connected to the client: invited at once.
        var workerEmail = site.UniqueEmail("wendy");
        await Ui.MainNav(contractor).GetByRole(AriaRole.Link, new() { Name = "Workers" }).ClickAsync();
        await Expect(contractor.Locator("#workers caption")).ToHaveTextAsync("0 workers");
        await contractor.GetByRole(AriaRole.Link, new() { Name = "Add a worker" }).ClickAsync();
        await contractor.GetByLabel("First name").FillAsync("Wendy");
        await contractor.GetByLabel("Last name").FillAsync("Welder");
        await contractor.GetByLabel("Email", new() { Exact = true }).FillAsync(workerEmail);
        await contractor.GetByLabel("Self managed").CheckAsync();
        await contractor.GetByLabel(clientName, new() { Exact = true }).CheckAsync();
        await SiteFixture.ScreenshotAsync(contractor, "workers-05-add-worker");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "Save worker" }).ClickAsync();
        await Expect(contractor.GetByRole(AriaRole.Status)).ToContainTextAsync($"Wendy Welder was added and invited: an email to {workerEmail}");
        await Expect(contractor.GetByRole(AriaRole.Heading, new() { Name = "Wendy Welder", Level = 1 })).ToBeVisibleAsync();
        await SiteFixture.ScreenshotAsync(contractor, "workers-06-worker-profile");
        await contractor.GetByRole(AriaRole.Link, new() { Name = "Back to workers" }).ClickAsync();
        var row = WorkerRow(contractor, workerEmail);
        await Expect(row).ToContainTextAsync("Invited");
        await Expect(row).ToContainTextAsync("Self managed");
        await Expect(row).ToContainTextAsync(clientName);
        await SiteFixture.ScreenshotAsync(contractor, "workers-07-list-invited");

        // The invitation arrives; the worker activates on their phone and completes their profile first.
        var message = await site.Mailbox.WaitForAsync(m => m.To == workerEmail && m.Text.Contains("/invitations/"));
        Assert.Contains("complete your requirements", message.Subject);
        var link = await site.Mailbox.WaitForLinkAsync(workerEmail, "/invitations/");
        var worker = await site.NewPageAsync(390, 844, mobile: true);
        await worker.GotoAsync(link);
        await Expect(worker.GetByRole(AriaRole.Heading, new() { Name = $"Join {contractorName}" })).ToBeVisibleAsync();
        await Expect(worker.Locator("dl.details")).ToContainTextAsync("A worker");
        await Expect(worker.GetByLabel("First name")).ToHaveValueAsync("Wendy");
        await worker.GetByLabel("Choose a password").FillAsync("wendy's long passphrase");
        await SiteFixture.ScreenshotAsync(worker, "workers-08-worker-activates");
        await worker.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();

        await Expect(worker).ToHaveURLAsync(new Regex("/me/profile\\?welcome=true$"));
        await Expect(worker.GetByRole(AriaRole.Heading, new() { Name = "Complete your profile", Level = 1 })).ToBeVisibleAsync();
        await worker.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await Expect(worker.Locator("#Input_Mobile-error")).ToHaveTextAsync("Required.");
        await worker.GetByLabel("Mobile").FillAsync("+61 412 345 678");
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(worker));
        await SiteFixture.ScreenshotAsync(worker, "workers-09-complete-profile");
        await worker.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        await Expect(worker).ToHaveURLAsync($"{site.BaseUrl}/me");
        await Expect(worker.GetByRole(AriaRole.Heading, new() { Name = "Hello, Wendy", Level = 1 })).ToBeVisibleAsync();
        await Expect(worker.GetByText($"Worker of {contractorName}")).ToBeVisibleAsync();
        await Expect(worker.Locator("#portal-clients")).ToContainTextAsync(clientName);
        await Expect(worker.Locator("#portal-clients")).ToContainTextAsync("North gate");
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(worker));
        await SiteFixture.ScreenshotAsync(worker, "workers-10-worker-portal");

        // The contractor now sees the worker as Active.
        await contractor.ReloadAsync();
        await Expect(WorkerRow(contractor, workerEmail)).ToContainTextAsync("Active");
    }

    [Fact]
    public async Task Connecting_an_initial_worker_to_an_app_location_offers_to_invite_them_and_disabling_asks_for_confirmation()
    {
        var client = await site.SignUpThroughApiAsync("client", "Hematite Mining");
        await site.AddLocationThroughApiAsync(client, "Crusher", "app");
        var contractorEmail = site.UniqueEmail("admin");
        var page = await site.NewPageAsync();
        var orgId = await Ui.SignUpAsync(page, "contractor", "Rope Access Co", contractorEmail);
        await site.ConnectThroughApiAsync((orgId, Guid.Empty, contractorEmail), client);

        // No client chosen: the worker is Initial and no email is sent.
        var email = site.UniqueEmail("ivan");
        await page.GotoAsync($"/orgs/{orgId}/workers/new");
        await page.GetByLabel("First name").FillAsync("Ivan");
        await page.GetByLabel("Last name").FillAsync("Initial");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save worker" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("with status Initial");

        // Clients tab: connecting to a client whose site uses the app asks whether to invite now (R-W2).
        await page.GetByRole(AriaRole.Link, new() { Name = "Clients (0)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect to Hematite Mining" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invite Ivan Initial now?" })).ToBeVisibleAsync();
        await Expect(page.Locator("#worker-clients")).ToContainTextAsync("Hematite Mining");
        await SiteFixture.ScreenshotAsync(page, "workers-11-invite-prompt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"An invitation was sent to {email}");
        await Expect(page.Locator(".page-head")).ToContainTextAsync("Invited");
        await site.Mailbox.WaitForLinkAsync(email, "/invitations/");

        // Actions › Disable asks first; Cancel changes nothing.
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Disable…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Disable Ivan Initial?");
        await SiteFixture.ScreenshotAsync(page, "workers-12-disable-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Disable…" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disable worker" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ivan Initial has been disabled");

        // Disabled workers appear only when the filter asks for them (R-W8).
        await page.GotoAsync($"/orgs/{orgId}/workers");
        await Expect(WorkerRow(page, email)).ToHaveCountAsync(0);
        await page.GetByLabel("Invite status").SelectOptionAsync("disabled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("status=disabled"));
        await Expect(WorkerRow(page, email)).ToContainTextAsync("Disabled");
        await SiteFixture.ScreenshotAsync(page, "workers-13-disabled-filter");

        await WorkerRow(page, email).GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("has been reactivated (Invited)");
    }

    [Fact]
    public async Task A_worker_of_another_contractor_is_refused_with_a_clear_message_and_customer_care_completes_the_transfer()
    {
        var client = await site.SignUpThroughApiAsync("client", "Quarry Holdings");
        var first = await site.SignUpThroughApiAsync("contractor", "First Scaffolding");
        await site.ConnectThroughApiAsync(first, client);
        var email = site.UniqueEmail("tom");
        using (var api = await site.ApiClientAsync(first.Email))
            (await api.PostAsJsonAsync($"/api/v1/orgs/{first.OrganizationId}/workers", new { firstName = "Tom", lastName = "Transfer", email })).EnsureSuccessStatusCode();

        var second = await site.NewPageAsync();
        var secondEmail = site.UniqueEmail("admin");
        var secondId = await Ui.SignUpAsync(second, "contractor", "Second Scaffolding", secondEmail);
        await site.ConnectThroughApiAsync((secondId, Guid.Empty, secondEmail), client);
        await second.GotoAsync($"/orgs/{secondId}/workers/new");
        await second.GetByLabel("First name").FillAsync("Tom");
        await second.GetByLabel("Last name").FillAsync("Transfer");
        await second.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await second.GetByRole(AriaRole.Button, new() { Name = "Save worker" }).ClickAsync();
        var summary = second.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
        await Expect(summary).ToContainTextAsync("registered as a worker of another contractor");
        await Expect(summary).ToContainTextAsync("customer care team");
        await Expect(second.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(email);
        await SiteFixture.ScreenshotAsync(second, "workers-14-registered-elsewhere");

        // Customer care records the worker's approval, then completes the transfer.
        var care = await site.NewPageAsync();
        await Ui.LogInAsync(care, SiteFixture.OperatorEmail, SiteFixture.OperatorPassword);
        await Ui.MainNav(care).GetByRole(AriaRole.Link, new() { Name = "Transfers" }).ClickAsync();
        var row = care.Locator($"#transfers tr[data-worker-email='{email}']");
        await Expect(row).ToContainTextAsync("First Scaffolding");
        await Expect(row).ToContainTextAsync("Open");
        await SiteFixture.ScreenshotAsync(care, "operator-02-transfers");
        await row.GetByRole(AriaRole.Button, new() { Name = "Record worker approval" }).ClickAsync();
        await Expect(care.GetByRole(AriaRole.Status)).ToContainTextAsync("Recorded that Tom Transfer approved");
        await Expect(row).ToContainTextAsync("Worker approved");
        await row.GetByRole(AriaRole.Button, new() { Name = "Complete transfer" }).ClickAsync();
        await Expect(care.GetByRole(AriaRole.Status)).ToContainTextAsync("Tom Transfer moved from First Scaffolding to Second Scaffolding");
        await Expect(row).ToHaveCountAsync(0);

        await second.GotoAsync($"/orgs/{secondId}/workers");
        await Expect(WorkerRow(second, email)).ToBeVisibleAsync();
    }

    private static ILocator ConnectionRow(IPage page, string name) => page.Locator($"#connections tbody tr[data-organization='{name}']");

    private static ILocator WorkerRow(IPage page, string email) => page.Locator($"#workers tbody tr[data-worker-email='{email}']");
}
