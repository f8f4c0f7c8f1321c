using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

public class UserManagementTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task The_last_admin_with_notifications_cannot_turn_them_off_and_is_told_why()
    {
        var email = site.UniqueEmail("solo");
        var page = await site.NewPageAsync();
        var orgId = await Ui.SignUpAsync(page, "client", "Solo Mining", email);
        await page.GotoAsync($"/orgs/{orgId}/users");

        await Ui.UserRow(page, email).GetByRole(AriaRole.Button, new() { Name = "Turn off" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Notifications were not turned off");
        await Expect(alert).ToContainTextAsync("at least one Active Admin with notifications on");
        await Expect(Ui.UserRow(page, email).Locator("td[data-label=Notifications]")).ToContainTextAsync("On");
        await SiteFixture.ScreenshotAsync(page, "users-01-last-notified-admin");

        await Ui.UserRow(page, email).GetByLabel(new Regex("^Role of")).SelectOptionAsync("viewer");
        await Ui.UserRow(page, email).GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The role was not changed");
        await Expect(Ui.UserRow(page, email).GetByLabel(new Regex("^Role of"))).ToHaveValueAsync("admin");
    }

    [Fact]
    public async Task An_admin_disables_a_user_after_confirming_in_a_dialog_and_can_reactivate_them()
    {
        var page = await site.NewPageAsync();
        var orgId = await Ui.SignUpAsync(page, "contractor", "Hilltop Haulage", site.UniqueEmail("admin"));
        var viewer = site.UniqueEmail("vera");
        await page.GotoAsync($"/orgs/{orgId}/users");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(viewer);
        await page.GetByLabel("Role", new() { Exact = true }).First.SelectOptionAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(Ui.UserRow(page, viewer)).ToContainTextAsync("Invited");

        await Ui.UserRow(page, viewer).GetByRole(AriaRole.Link, new() { Name = "Disable…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync($"Disable {viewer}?");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await SiteFixture.ScreenshotAsync(page, "users-02-disable-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Ui.UserRow(page, viewer)).ToContainTextAsync("Invited");

        await Ui.UserRow(page, viewer).GetByRole(AriaRole.Link, new() { Name = "Disable…" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("has been disabled");
        await Expect(Ui.UserRow(page, viewer)).ToContainTextAsync("Disabled");

        await Ui.UserRow(page, viewer).GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("has been reactivated (Invited)");
        await Expect(Ui.UserRow(page, viewer)).ToContainTextAsync("Invited");
        await SiteFixture.ScreenshotAsync(page, "users-03-reactivated");
    }

    [Fact]
    public async Task A_disabled_user_is_signed_out_on_their_next_page_and_cannot_sign_in_again()
    {
        var admin = await site.NewPageAsync();
        var orgId = await Ui.SignUpAsync(admin, "contractor", "Gate Keepers", site.UniqueEmail("admin"));
        var email = site.UniqueEmail("leaver");
        await admin.GotoAsync($"/orgs/{orgId}/users");
        await admin.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        var leaver = await site.NewPageAsync();
        await leaver.GotoAsync(await site.Mailbox.WaitForLinkAsync(email, "/invitations/"));
        await leaver.GetByLabel("First name").FillAsync("Lee");
        await leaver.GetByLabel("Last name").FillAsync("Leaver");
        await leaver.GetByLabel("Choose a password").FillAsync(SiteFixture.Password);
        await leaver.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Ui.LogInAsync(leaver, email);
        await Expect(leaver).ToHaveURLAsync($"{site.BaseUrl}/orgs/{orgId}");

        await admin.ReloadAsync();
        await Ui.UserRow(admin, email).GetByRole(AriaRole.Link, new() { Name = "Disable…" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Lee Leaver has been disabled");

        await leaver.GotoAsync($"/orgs/{orgId}/users");
        await Expect(leaver).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
        await Ui.LogInAsync(leaver, email);
        await Expect(leaver.GetByRole(AriaRole.Alert)).ToContainTextAsync("This account has been disabled");
    }

    [Fact]
    public async Task Without_script_disabling_asks_for_confirmation_on_its_own_page()
    {
        var context = await site.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        var orgId = await Ui.SignUpAsync(page, "client", "Plain Mining", site.UniqueEmail("admin"));
        var viewer = site.UniqueEmail("noscript");
        await page.GotoAsync($"/orgs/{orgId}/users");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(viewer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Ui.UserRow(page, viewer).GetByRole(AriaRole.Link, new() { Name = "Disable…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Disable {viewer}?" })).ToBeVisibleAsync();
        await SiteFixture.ScreenshotAsync(page, "users-04-disable-without-script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/orgs/{orgId}/users"));
        await Expect(Ui.UserRow(page, viewer)).ToContainTextAsync("Disabled");
    }

    [Fact]
    public async Task A_user_of_another_organisation_is_not_found_and_a_foreign_organisation_is_forbidden()
    {
        var other = await site.SignUpThroughApiAsync("contractor", "Rival Rigging");
        var page = await site.NewPageAsync();
        var orgId = await Ui.SignUpAsync(page, "contractor", "Home Team", site.UniqueEmail("admin"));

        var foreignUser = await page.GotoAsync($"/orgs/{orgId}/users/{other.UserId}/manage");
        Assert.Equal(404, foreignUser!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");

        var foreignOrg = await page.GotoAsync($"/orgs/{other.OrganizationId}/users");
        Assert.Equal(403, foreignOrg!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You do not have access to this page");
        await Expect(page.GetByText("Rival Rigging")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Operator_staff_land_on_the_list_of_organisations()
    {
        await site.SignUpThroughApiAsync("client", "Listed Mining");
        var page = await site.NewPageAsync();
        await Ui.LogInAsync(page, SiteFixture.OperatorEmail, SiteFixture.OperatorPassword);

        await Expect(page).ToHaveURLAsync(new Regex("/operator/organizations$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Organisations", Level = 1 })).ToBeVisibleAsync();
        await Expect(Ui.MainNav(page).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Verification queue", "Transfers", "Organisations"]);
        await Expect(page.Locator("#organizations")).ToContainTextAsync("Listed Mining");
        await SiteFixture.ScreenshotAsync(page, "operator-01-organisations");

        await page.GetByLabel("Kind").SelectOptionAsync("client");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("kind=client"));
        await Expect(page.Locator("#organizations tbody tr")).Not.ToContainTextAsync(["Contractor"]);
    }

    [Fact]
    public async Task A_person_in_two_organisations_switches_between_them()
    {
        var email = site.UniqueEmail("both");
        var page = await site.NewPageAsync();
        var first = await Ui.SignUpAsync(page, "contractor", "Alpha Contracting", email);
        // The second organisation invites the same person; they accept with their existing password.
        var second = await site.SignUpThroughApiAsync("client", "Beta Mining");
        var other = await site.NewPageAsync();
        await Ui.LogInAsync(other, second.Email);
        await other.GotoAsync($"/orgs/{second.OrganizationId}/users");
        await other.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await other.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        var link = await site.Mailbox.WaitForLinkAsync(email, "/invitations/");
        await page.GotoAsync(link);
        await page.GetByLabel("Your current SiteReady password").FillAsync(SiteFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You have joined Beta Mining");

        await page.GotoAsync($"/orgs/{first}");
        var switcher = page.Locator("details.switcher");
        await switcher.Locator("summary").ClickAsync();
        await SiteFixture.ScreenshotAsync(page, "switcher-01-open");
        await switcher.GetByRole(AriaRole.Link, new() { Name = "Beta Mining" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site.BaseUrl}/orgs/{second.OrganizationId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home", Level = 1 })).ToBeVisibleAsync();
        await Expect(Ui.MainNav(page).GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToBeVisibleAsync();
    }
}
