using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Accounts;

/// <summary>Sign-up, login, refresh and /me (API.md Accounts; R-U1, R-U2).</summary>
public class SignUpAndLoginTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Sign_up_makes_the_first_user_an_active_admin_who_can_log_in()
    {
        var org = await app.SignUpAsync("client", "Acme Test Mining");

        var me = await Expect.Json(await org.Admin.GetAsync("/api/v1/me"));

        Assert.Equal(org.AdminId.ToString(), me["userId"]!.GetValue<string>());
        Assert.Equal(org.AdminEmail, me["email"]!.GetValue<string>());
        Assert.Null(me["worker"]);
        var membership = me["memberships"]!.AsArray().Single()!;
        Assert.Equal(org.Id.ToString(), membership["organizationId"]!.GetValue<string>());
        Assert.Equal("Acme Test Mining", membership["organizationName"]!.GetValue<string>());
        Assert.Equal("client", membership["kind"]!.GetValue<string>());
        Assert.Equal("admin", membership["role"]!.GetValue<string>());
        Assert.Equal("active", membership["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sign_up_reports_every_invalid_field()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind = "operator", name = "", admin = new { email = "not-an-email", firstName = "", lastName = "X", password = "short" },
        });

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("kind", errors.Select(e => e.Key));
        Assert.Contains("name", errors.Select(e => e.Key));
        Assert.Contains("admin.email", errors.Select(e => e.Key));
        Assert.Contains("admin.firstName", errors.Select(e => e.Key));
        Assert.Equal(0, await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.Name == "")));
    }

    [Theory]
    [InlineData("elevenchars")]         // 11 characters: too short
    [InlineData("password1234")]        // on the common list
    [InlineData("aaaaaaaaaaaaaaaa")]    // one repeated character
    [InlineData("123456789012")]        // a sequence
    public async Task Sign_up_refuses_short_or_common_passwords(string password)
    {
        var email = app.UniqueEmail();
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind = "contractor", name = "Weak Password Pty", admin = new { email, firstName = "A", lastName = "B", password },
        });

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("admin.password"));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task A_long_password_without_composition_rules_is_accepted()
    {
        var email = app.UniqueEmail();
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind = "contractor", name = "Passphrase Pty", admin = new { email, firstName = "A", lastName = "B", password = "purple tractor on the ridge" },
        });
        await Expect.Status(response, HttpStatusCode.Created);
        await app.LoginAsync(email, "purple tractor on the ridge");
    }

    [Fact]
    public async Task Sign_up_with_an_email_that_has_an_account_answers_the_same_and_keeps_the_password()
    {
        var existing = await app.SignUpAsync();

        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind = "client", name = "Second Org", admin = new { email = existing.AdminEmail.ToUpperInvariant(), firstName = "Eve", lastName = "Other", password = "another long password" },
        });

        // R-U1 and no enumeration: same status and shape; the owner is emailed an invitation instead.
        var body = await Expect.Json(response, HttpStatusCode.Created);
        Assert.Equal(existing.AdminId.ToString(), body["userId"]!.GetValue<string>());
        await app.LoginAsync(existing.AdminEmail);
        var mail = (await app.MailToAsync(existing.AdminEmail)).Last();
        Assert.Contains("Second Org", mail.Subject);
        Assert.Contains("/invitations/", mail.TextBody);
    }

    [Fact]
    public async Task Emails_are_trimmed_and_compared_case_insensitively_at_login()
    {
        var org = await app.SignUpAsync();
        await app.LoginAsync("  " + org.AdminEmail.ToUpperInvariant() + " ");
    }

    [Fact]
    public async Task Login_returns_a_bearer_token_with_a_refresh_token()
    {
        var org = await app.SignUpAsync();
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = org.AdminEmail, password = AppFixture.Password });
        var body = await Expect.Json(response);
        Assert.Equal("Bearer", body["tokenType"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["accessToken"]!.GetValue<string>()));
        Assert.True(body["expiresIn"]!.GetValue<long>() > 0);

        var refreshed = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = body["refreshToken"]!.GetValue<string>() });
        var again = await Expect.Json(refreshed);
        Assert.False(string.IsNullOrEmpty(again["accessToken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_garbage_refresh_token_is_401()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "nonsense" });
        await Expect.Problem(response, HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401()
    {
        var org = await app.SignUpAsync();

        var wrong = await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = org.AdminEmail, password = "not the password at all" }),
            HttpStatusCode.Unauthorized, "invalid-credentials");
        var unknown = await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = app.UniqueEmail("nobody"), password = "not the password at all" }),
            HttpStatusCode.Unauthorized, "invalid-credentials");

        Assert.Equal(wrong["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_account_locks_after_repeated_failures_so_guesses_stay_under_100_an_hour()
    {
        var org = await app.SignUpAsync();
        for (var i = 0; i < 5; i++)
            await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = org.AdminEmail, password = $"wrong guess number {i}" }),
                HttpStatusCode.Unauthorized, "invalid-credentials");

        // Locked: even the right password is refused, with the same answer as a wrong one.
        await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = org.AdminEmail, password = AppFixture.Password }),
            HttpStatusCode.Unauthorized, "invalid-credentials");
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == org.AdminId));
        Assert.NotNull(user.LockoutEnd);
    }

    [Fact]
    public async Task Login_with_missing_fields_is_400_with_field_errors()
    {
        var problem = await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "" }),
            HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("email"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("password"));
    }

    [Fact]
    public async Task Me_without_a_token_is_401_problem()
    {
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
