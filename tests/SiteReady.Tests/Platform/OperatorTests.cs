using System.Net;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Platform;

public sealed class OperatorApp : AppFixture
{
    public const string OperatorEmail = "ops@siteready.test";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SiteReady:Operator:Email"] = OperatorEmail,
        ["SiteReady:Operator:Password"] = Password,
    };
}

/// <summary>The operator organisation and admin are created at start-up from configuration.</summary>
public class OperatorTests(OperatorApp app) : IClassFixture<OperatorApp>
{
    [Fact]
    public async Task The_configured_operator_admin_exists_and_sees_every_organisation()
    {
        var org = await app.SignUpAsync("client");
        var ops = await app.LoginAsync(OperatorApp.OperatorEmail);

        var me = await Expect.Json(await ops.GetAsync("/api/v1/me"));
        Assert.Equal("operatorAdmin", me["memberships"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("operator", me["memberships"]![0]!["kind"]!.GetValue<string>());

        var list = await Expect.Json(await ops.GetAsync($"/api/v1/operator/organizations?q={Uri.EscapeDataString(org.Name)}"));
        var row = list["items"]!.AsArray().Single()!;
        Assert.Equal(org.Id.ToString(), row["id"]!.GetValue<string>());
        Assert.Equal(1, row["activeUsers"]!.GetValue<int>());
    }

    [Fact]
    public async Task Organisation_users_cannot_use_operator_endpoints()
    {
        var org = await app.SignUpAsync();
        await Expect.Problem(await org.Admin.GetAsync("/api/v1/operator/organizations"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_operator_does_not_appear_in_the_public_directory()
    {
        var directory = await Expect.Json(await app.Anonymous().GetAsync("/api/v1/organizations?q=SiteReady%20Operations"));
        Assert.Equal(0, directory["total"]!.GetValue<int>());
    }
}
