using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

/// <summary>Site people use phones: every page must fit a 390 × 844 screen without sideways scrolling.</summary>
public class PhoneTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task The_pages_fit_a_phone_screen_and_the_menu_opens_from_a_button()
    {
        var page = await site.NewPageAsync(390, 844, mobile: true);

        await page.GotoAsync("/login");
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));
        await SiteFixture.ScreenshotAsync(page, "phone-01-login");

        var email = site.UniqueEmail("phone");
        await Ui.FillSignUpAsync(page, "client", "Pocket Mining Company of Western Australia", email, SiteFixture.Password);
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));
        await SiteFixture.ScreenshotAsync(page, "phone-02-sign-up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Ui.OrgHome());
        var orgId = Ui.OrganizationIdIn(page.Url);

        // Client home; the menu is folded behind a button.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home", Level = 1 })).ToBeVisibleAsync();
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(Ui.MainNav(page)).ToBeHiddenAsync();
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));
        await SiteFixture.ScreenshotAsync(page, "phone-03-home");
        await menu.ClickAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(Ui.MainNav(page)).ToBeVisibleAsync();
        await Expect(Ui.MainNav(page).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Home", "Companies", "Locations", "Users"]);
        await SiteFixture.ScreenshotAsync(page, "phone-04-menu-open");

        // Users: the table becomes one card per person; invite someone so there are two.
        await Ui.MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(site.UniqueEmail("phone-invitee"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Invitation sent");
        await Expect(page.Locator("#users tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));
        await SiteFixture.ScreenshotAsync(page, "phone-05-users");

        await page.GotoAsync($"/orgs/{orgId}/users?status=nonsense");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The list filter was not understood");
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));

        await page.GotoAsync("/register");
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));
        await Expect(page.GetByLabel("Your employer", new() { Exact = true })).ToContainTextAsync("Pocket Mining Company");
        await SiteFixture.ScreenshotAsync(page, "phone-06-register");
        await Expect(page).ToHaveURLAsync(new Regex("/register$"));
    }
}
