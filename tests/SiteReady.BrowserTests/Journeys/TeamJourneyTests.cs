using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

/// <summary>The first journey of every customer: set up the organisation, come back, bring a colleague in.</summary>
public class TeamJourneyTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task A_contractor_signs_up_invites_a_manager_and_the_manager_joins_from_the_emailed_link()
    {
        var adminEmail = site.UniqueEmail("ada");
        var managerEmail = site.UniqueEmail("mia");
        const string organization = "Sparks Electrical";

        // Sign up in the browser: the admin lands on the contractor Dashboard, signed in.
        var admin = await site.NewPageAsync();
        await Ui.FillSignUpAsync(admin, "contractor", organization, adminEmail, SiteFixture.Password);
        await SiteFixture.ScreenshotAsync(admin, "journey-01-sign-up-form");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(Ui.OrgHome());
        var orgId = Ui.OrganizationIdIn(admin.Url);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Welcome to SiteReady");
        var nav = Ui.MainNav(admin);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(nav.GetByRole(AriaRole.Heading, new() { Name = "My team" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Dashboard", "Workers", "Users", "Credentials", "My network"]);
        await SiteFixture.ScreenshotAsync(admin, "journey-02-dashboard");

        // Sign out, then back in.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have signed out.");
        await admin.GotoAsync($"/orgs/{orgId}/users");
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl="));
        await admin.GotoAsync("/login");
        await admin.GetByLabel("Email").FillAsync(adminEmail);
        await admin.GetByLabel("Password").FillAsync(SiteFixture.Password);
        await SiteFixture.ScreenshotAsync(admin, "journey-03-login");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync($"{site.BaseUrl}/orgs/{orgId}");

        // Users: the admin is the only one; invite a Manager.
        await Ui.MainNav(admin).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await Expect(Ui.UserRow(admin, adminEmail)).ToContainTextAsync("Active");
        await admin.GetByLabel("Email", new() { Exact = true }).FillAsync(managerEmail);
        await admin.GetByLabel("Role", new() { Exact = true }).First.SelectOptionAsync("manager");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {managerEmail} as Manager");
        var row = Ui.UserRow(admin, managerEmail);
        await Expect(row).ToContainTextAsync("Invited");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Resend invitation" })).ToBeVisibleAsync();
        await SiteFixture.ScreenshotAsync(admin, "journey-04-users-after-invite");

        // The invitation arrives by email; the manager opens it in their own browser.
        var link = await site.Mailbox.WaitForLinkAsync(managerEmail, "/invitations/");
        Assert.StartsWith(site.BaseUrl + "/invitations/", link);
        var manager = await site.NewPageAsync();
        await manager.GotoAsync(link);
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = $"Join {organization}" })).ToBeVisibleAsync();
        await Expect(manager.Locator("dl.details")).ToContainTextAsync(managerEmail);
        await Expect(manager.Locator("dl.details")).ToContainTextAsync("Manager");
        await manager.GetByLabel("First name").FillAsync("Mia");
        await manager.GetByLabel("Last name").FillAsync("Kowalski");
        await manager.GetByLabel("Choose a password").FillAsync("a long manager passphrase");
        await SiteFixture.ScreenshotAsync(manager, "journey-05-accept-invitation");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();

        // Then signs in and sees the organisation, as a Manager (no invite form, no user changes).
        await Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync($"You have joined {organization}");
        await Expect(manager.GetByLabel("Email")).ToHaveValueAsync(managerEmail);
        await manager.GetByLabel("Password").FillAsync("a long manager passphrase");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(manager).ToHaveURLAsync($"{site.BaseUrl}/orgs/{orgId}");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(manager.GetByRole(AriaRole.Banner)).ToContainTextAsync(organization);
        await Expect(manager.GetByRole(AriaRole.Banner)).ToContainTextAsync("Mia Kowalski");
        await Expect(manager.GetByRole(AriaRole.Banner)).ToContainTextAsync("Manager");
        await SiteFixture.ScreenshotAsync(manager, "journey-06-manager-dashboard");

        await Ui.MainNav(manager).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(Ui.UserRow(manager, managerEmail)).ToContainTextAsync("Active");
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "Send invitation" })).ToHaveCountAsync(0);
        await SiteFixture.ScreenshotAsync(manager, "journey-07-manager-users");

        // The link worked once: opening it again says so plainly.
        var reopened = await manager.GotoAsync(link);
        Assert.Equal(410, reopened!.Status);
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This invitation can no longer be used");
        await SiteFixture.ScreenshotAsync(manager, "journey-08-used-invitation");
    }

    [Fact]
    public async Task Signing_up_with_an_email_that_has_an_account_sends_an_invitation_instead_of_signing_in()
    {
        var (_, _, email) = await site.SignUpThroughApiAsync("client", "First Mining");
        var page = await site.NewPageAsync();
        await Ui.FillSignUpAsync(page, "contractor", "Second Contracting", email, "some other long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        var link = await site.Mailbox.WaitForLinkAsync(email, "/invitations/");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join Second Contracting" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Your current SiteReady password")).ToBeVisibleAsync();
    }
}
