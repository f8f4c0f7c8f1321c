using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteReady.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Journeys;

public class FormErrorTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Sign_up_with_a_short_password_shows_the_error_beside_the_password_and_keeps_the_other_answers()
    {
        var page = await site.NewPageAsync();
        await Ui.FillSignUpAsync(page, "client", "Acme Mining", site.UniqueEmail("short"), "short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/signup$"));
        var password = page.GetByLabel("Password", new() { Exact = true });
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToHaveAttributeAsync("aria-describedby", new Regex("Input_Password-error"));
        await Expect(page.Locator("#Input_Password-error")).ToContainTextAsync("at least 12 characters");
        await Expect(password).ToHaveValueAsync("");
        var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Link)).ToContainTextAsync(["Password: "]);
        await Expect(page.GetByLabel("Organisation name")).ToHaveValueAsync("Acme Mining");
        await Expect(page.GetByLabel("A client")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Email")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await SiteFixture.ScreenshotAsync(page, "errors-01-sign-up-short-password");
    }

    [Fact]
    public async Task Sign_up_with_nothing_filled_in_marks_every_required_field()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();

        foreach (var label in new[] { "Organisation name", "First name", "Last name", "Work email" })
            await Expect(page.GetByLabel(label)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Input_Name-error")).ToHaveTextAsync("Required.");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_whether_the_account_exists()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/login");
        await Ui.LogInAsync(page, site.UniqueEmail("nobody"), "not the password at all");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Email or password is incorrect");
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
        await SiteFixture.ScreenshotAsync(page, "errors-02-login-refused");
    }

    [Fact]
    public async Task An_unknown_page_shows_the_friendly_not_found_page()
    {
        var (_, _, email) = await site.SignUpThroughApiAsync("contractor", "Lost Co");
        var page = await site.NewPageAsync();
        await Ui.LogInAsync(page, email);
        await Expect(page).ToHaveURLAsync(Ui.OrgHome());

        var response = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to your home page" })).ToBeVisibleAsync();
        await SiteFixture.ScreenshotAsync(page, "errors-03-not-found");
    }
}
