using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;

namespace SiteReady.Tests.Platform;

/// <summary>Cookies are HttpOnly and SameSite, forms need an antiforgery token.</summary>
public class CookieTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Page_sign_in_sets_an_http_only_same_site_cookie_and_forms_need_the_antiforgery_token()
    {
        var org = await app.SignUpAsync();
        var client = app.Anonymous();
        var page = await client.GetAsync("/login");
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("siteready-xsrf"));
        Assert.Contains("httponly", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var withoutToken = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = org.AdminEmail, ["Input.Password"] = AppFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = org.AdminEmail, ["Input.Password"] = AppFixture.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        var signedIn = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var sessionCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("siteready="));
        Assert.Contains("httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>SQLite runs in WAL mode with durable commits and a busy timeout, whichever engine the suite targets.</summary>
public class SqliteSettingsTests
{
    [Fact]
    public async Task The_sqlite_database_uses_wal_full_sync_and_a_busy_timeout()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:Provider", "sqlite");
            b.UseSetting("ConnectionStrings:SiteReady", database.ConnectionString);
            b.UseSetting("SiteReady:DataDirectory", database.DataDirectory);
            b.UseSetting("environment", "Testing");
        });
        factory.CreateClient().Dispose();

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Assert.Equal("wal", await Pragma(connection, "journal_mode"));
        Assert.Equal("2", await Pragma(connection, "synchronous")); // FULL
        Assert.Equal("30000", await Pragma(connection, "busy_timeout"));
        Assert.Equal("1", await Pragma(connection, "foreign_keys"));
        SqliteConnection.ClearAllPools();
    }

    private static async Task<string> Pragma(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
