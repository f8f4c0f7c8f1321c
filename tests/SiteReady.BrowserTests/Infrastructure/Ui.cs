using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SiteReady.BrowserTests.Infrastructure;

/// <summary>What a person does in the browser, step by step, through labels and buttons as they see them.</summary>
public static partial class Ui
{
    public static async Task FillSignUpAsync(IPage page, string kind, string organization, string email, string password)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel(kind == "client" ? "A client" : "A contractor").CheckAsync();
        await page.GetByLabel("Organisation name").FillAsync(organization);
        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Admin");
        await page.GetByLabel("Work email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
    }

    /// <summary>Signs up in the browser and lands on the new organisation's home; returns its id.</summary>
    public static async Task<Guid> SignUpAsync(IPage page, string kind, string organization, string email, string password = SiteFixture.Password)
    {
        await FillSignUpAsync(page, kind, organization, email, password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OrgHome());
        return OrganizationIdIn(page.Url);
    }

    public static async Task LogInAsync(IPage page, string email, string password = SiteFixture.Password)
    {
        if (!page.Url.Contains("/login")) await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static ILocator MainNav(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    public static ILocator UserRow(IPage page, string email) => page.Locator($"#users tbody tr[data-user-email='{email}']");

    public static Guid OrganizationIdIn(string url) => Guid.Parse(OrgHome().Match(url).Groups["id"].Value);

    /// <summary>Horizontal overflow in CSS pixels: 0 when nothing sticks out of the viewport.</summary>
    public static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    [GeneratedRegex(@"/orgs/(?<id>[0-9a-f-]{36})$")]
    public static partial Regex OrgHome();
}
