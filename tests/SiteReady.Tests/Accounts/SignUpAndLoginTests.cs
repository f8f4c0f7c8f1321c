using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Accounts;

public class SignUpAndLoginTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Sign_up_makes_the_first_user_an_active_admin_who_can_log_in()
    {
        var org = await app.SignUpAsync("client", "Acme Test Mining");

        var me = await Expect.Json(await org.Admin.GetAsync("/api/v1/me"));

        Assert.Equal(org.AdminId.ToString(), me["userId"]!.GetValue<string>());
        var membership = me["memberships"]!.AsArray().Single()!;
        Assert.Equal(org.Id.ToString(), membership["organizationId"]!.GetValue<string>());
        Assert.Equal("client", membership["kind"]!.GetValue<string>());
        Assert.Equal("admin", membership["role"]!.GetValue<string>());
        Assert.Equal("active", membership["status"]!.GetValue<string>());
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
    public async Task Me_without_a_token_is_401_problem()
    {
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
