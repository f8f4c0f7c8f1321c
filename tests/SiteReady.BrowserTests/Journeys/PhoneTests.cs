using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
        await Expect(Ui.MainNav(page).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Home", "Companies", "Worker credentials", "Locations", "Users"]);
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

    [Fact]
    public async Task The_worker_network_and_access_request_pages_fit_a_phone_screen()
    {
        var client = await site.SignUpThroughApiAsync("client", "Pocket Quarries");
        await site.AddLocationThroughApiAsync(client, "Weighbridge", "app");
        var contractor = await site.SignUpThroughApiAsync("contractor", "Pocket Plumbing and Gas Fitting Services");
        await site.ConnectThroughApiAsync(contractor, client);
        string workerId;
        using (var api = await site.ApiClientAsync(contractor.Email))
        {
            var added = await api.PostAsJsonAsync($"/api/v1/orgs/{contractor.OrganizationId}/workers", new
            {
                firstName = "Phoebe", lastName = "Longname-Worthington", email = site.UniqueEmail("phoebe.longname-worthington"),
                clientConnections = new[] { new { clientId = client.OrganizationId } },
            });
            added.EnsureSuccessStatusCode();
            workerId = (await added.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            (await api.PostAsJsonAsync("/api/v1/register", new
            {
                email = site.UniqueEmail("rory"), firstName = "Rory", lastName = "Register", password = SiteFixture.Password, employerId = contractor.OrganizationId,
            })).EnsureSuccessStatusCode();
        }

        var page = await site.NewPageAsync(390, 844, mobile: true);
        await Ui.LogInAsync(page, contractor.Email);
        var org = $"/orgs/{contractor.OrganizationId}";
        foreach (var (path, shot) in new[]
        {
            ($"{org}/workers", "phone-07-workers"),
            ($"{org}/workers/new", null),
            ($"{org}/workers/{workerId}", "phone-08-worker"),
            ($"{org}/workers/{workerId}?tab=clients", null),
            ($"{org}/network", "phone-09-network"),
            ($"{org}/access-requests", null),
        })
        {
            await page.GotoAsync(path);
            Assert.True(await Ui.HorizontalOverflowAsync(page) == 0, $"{path} is wider than the phone screen");
            if (shot is not null) await SiteFixture.ScreenshotAsync(page, shot);
        }

        await page.Locator("#access-requests tbody a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Accept request…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        Assert.Equal(0, await Ui.HorizontalOverflowAsync(page));
        await SiteFixture.ScreenshotAsync(page, "phone-10-accept-dialog");

        var clientPage = await site.NewPageAsync(390, 844, mobile: true);
        await Ui.LogInAsync(clientPage, client.Email);
        var clientOrg = $"/orgs/{client.OrganizationId}";
        foreach (var path in new[]
        {
            $"{clientOrg}/network/companies", $"{clientOrg}/network/companies/{contractor.OrganizationId}",
            $"{clientOrg}/network/companies/{contractor.OrganizationId}/workers/{workerId}", $"{clientOrg}/network/credentials", $"{clientOrg}/locations",
        })
        {
            await clientPage.GotoAsync(path);
            Assert.True(await Ui.HorizontalOverflowAsync(clientPage) == 0, $"{path} is wider than the phone screen");
        }
    }
}
