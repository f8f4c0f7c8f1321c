using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

/// <summary>A person registers and claims an employer; the employer's admin accepts or declines, finally.</summary>
public class AccessRequestJourneyTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task A_self_registered_person_accepted_as_a_worker_needs_a_mobile_and_then_appears_in_the_workers_list()
    {
        var client = await site.SignUpThroughApiAsync("client", "Basalt Quarries");
        var contractor = await site.SignUpThroughApiAsync("contractor", "Granite Builders");
        await site.ConnectThroughApiAsync(contractor, client);
        var email = site.UniqueEmail("rita");
        await RegisterAsync("Rita", "Requester", email, "Granite Builders", screenshot: "access-01-register");

        // The admin goes Users › Actions › View access requests.
        var admin = await site.NewPageAsync();
        await Ui.LogInAsync(admin, contractor.Email);
        await Ui.MainNav(admin).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.Locator("details.menu > summary").ClickAsync();
        await SiteFixture.ScreenshotAsync(admin, "access-02-users-actions");
        await admin.GetByRole(AriaRole.Link, new() { Name = "View access requests" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Access requests", Level = 1 })).ToBeVisibleAsync();
        await Expect(Ui.MainNav(admin).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveAttributeAsync("aria-current", "page");
        var row = RequestRow(admin, email);
        await Expect(row).ToContainTextAsync("Worker");
        await Expect(row).ToContainTextAsync("Access requested");
        await SiteFixture.ScreenshotAsync(admin, "access-03-list");

        await row.GetByRole(AriaRole.Link, new() { Name = "Rita Requester" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Access request from Rita Requester", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.GetByText("the decision is final")).ToBeVisibleAsync();
        await Expect(admin.Locator("dl.details").First).ToContainTextAsync(email);
        await SiteFixture.ScreenshotAsync(admin, "access-04-request");

        // Accept as Worker: the dialog refuses without a mobile, then accepts with one.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Accept request…" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Role")).ToHaveValueAsync("worker");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#Accept_Mobile-error")).ToContainTextAsync("A worker needs a mobile number");
        await Expect(dialog.GetByLabel("Mobile")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(dialog.GetByLabel("Mobile")).ToBeFocusedAsync();
        await SiteFixture.ScreenshotAsync(admin, "access-05-accept-needs-mobile");
        await dialog.GetByLabel("Mobile").FillAsync("+61400111222");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Access request accepted: Rita Requester now has access as Worker");
        await Expect(admin.Locator("#request-status")).ToHaveTextAsync("Access request accepted");
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Accept request…" })).ToHaveCountAsync(0);
        await Expect(admin.Locator("main")).ToContainTextAsync("Worker (Active)");
        await SiteFixture.ScreenshotAsync(admin, "access-06-accepted");

        // The person is now one of the contractor's workers.
        await Ui.MainNav(admin).GetByRole(AriaRole.Link, new() { Name = "Workers" }).ClickAsync();
        var worker = admin.Locator($"#workers tbody tr[data-worker-email='{email}']");
        await Expect(worker).ToContainTextAsync("Rita Requester");
        await Expect(worker).ToContainTextAsync("Active");
        await Expect(worker).ToContainTextAsync("Employer managed");
        await SiteFixture.ScreenshotAsync(admin, "access-07-worker-listed");

        // The requester is told, and signs in to their portal.
        await site.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("approved"));
        var person = await site.NewPageAsync();
        await Ui.LogInAsync(person, email);
        await Expect(person).ToHaveURLAsync($"{site.BaseUrl}/me");
        await Expect(person.GetByText("Worker of Granite Builders")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Declining_with_other_needs_a_reason_and_the_request_then_shows_as_declined()
    {
        var contractor = await site.SignUpThroughApiAsync("contractor", "Slate Roofing");
        var email = site.UniqueEmail("dan");
        await RegisterAsync("Dan", "Decliner", email, "Slate Roofing");

        var admin = await site.NewPageAsync();
        await Ui.LogInAsync(admin, contractor.Email);
        await admin.GotoAsync($"/orgs/{contractor.OrganizationId}/access-requests");
        await RequestRow(admin, email).GetByRole(AriaRole.Link).ClickAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "Decline request…" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Other", new() { Exact = true }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Other", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(dialog.Locator("#Decline_OtherText-error")).ToContainTextAsync("Say why");
        await Expect(admin.Locator("#request-status")).ToHaveTextAsync("Access requested");
        await SiteFixture.ScreenshotAsync(admin, "access-08-decline-needs-text");

        await dialog.GetByLabel("Other reason").FillAsync("Dan is a subcontractor: his own company should register him.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Access request declined");
        await Expect(admin.Locator("#request-status")).ToHaveTextAsync("Access request declined");
        await Expect(admin.Locator("main")).ToContainTextAsync("his own company should register him");
        await Expect(admin.Locator("main")).ToContainTextAsync("The decision is final and cannot be changed.");
        await SiteFixture.ScreenshotAsync(admin, "access-09-declined");

        await admin.GotoAsync($"/orgs/{contractor.OrganizationId}/access-requests?status=declined");
        await Expect(RequestRow(admin, email)).ToContainTextAsync("Access request declined");
        await site.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("declined"));
    }

    [Fact]
    public async Task Without_script_the_decision_form_is_shown_in_the_page()
    {
        var contractor = await site.SignUpThroughApiAsync("contractor", "Plain Plastering");
        var email = site.UniqueEmail("nora");
        await RegisterAsync("Nora", "Noscript", email, "Plain Plastering");
        var context = await site.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, JavaScriptEnabled = false });
        var admin = await context.NewPageAsync();
        await Ui.LogInAsync(admin, contractor.Email);
        await admin.GotoAsync($"/orgs/{contractor.OrganizationId}/access-requests");
        await RequestRow(admin, email).GetByRole(AriaRole.Link).ClickAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "Decline request…" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("decide=decline"));
        await admin.GetByLabel("Not an employee").CheckAsync();
        await SiteFixture.ScreenshotAsync(admin, "access-10-decline-without-script");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(admin.Locator("#request-status")).ToHaveTextAsync("Access request declined");
        await Expect(admin.Locator("main")).ToContainTextAsync("Not an employee");
    }

    private async Task RegisterAsync(string first, string last, string email, string employer, string? screenshot = null)
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/register");
        await page.GetByLabel("Your employer", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = employer });
        await page.GetByLabel("First name").FillAsync(first);
        await page.GetByLabel("Last name").FillAsync(last);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(SiteFixture.Password);
        if (screenshot is not null) await SiteFixture.ScreenshotAsync(page, screenshot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and ask for access" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request has been sent");
        await page.Context.CloseAsync();
    }

    private static ILocator RequestRow(IPage page, string email) => page.Locator($"#access-requests tbody tr[data-requester-email='{email}']");
}
