using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Accounts;

public sealed class TightRateLimitApp : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SiteReady:RateLimits:AuthPerMinute"] = "3" };
}

public class RateLimitTests(TightRateLimitApp app) : IClassFixture<TightRateLimitApp>
{
    [Fact]
    public async Task Too_many_login_attempts_from_one_client_get_429_with_retry_after()
    {
        var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
            await Expect.Status(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@example.test", password = "whatever whatever" }), HttpStatusCode.Unauthorized);

        var limited = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@example.test", password = "whatever whatever" });

        await Expect.Problem(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);
    }
}
