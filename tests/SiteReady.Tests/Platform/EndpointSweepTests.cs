using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Platform;

/// <summary>
/// Walks every endpoint the app exposes (R-U4). New endpoints are covered automatically; a new kind
/// of id in a route needs an entry in <see cref="ForeignIds"/>, and the test says so.
/// </summary>
public class EndpointSweepTests(AppFixture app) : IClassFixture<AppFixture>
{
    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static bool IsAnonymous(Endpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
    private static bool HasPolicy(Endpoint e) => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
    private static bool IsOrgScoped(RouteEndpoint e) => e.RoutePattern.Parameters.Any(p => p.Name == "orgId");
    private static string Method(Endpoint e) => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";

    [Fact]
    public void Every_endpoint_declares_its_authorization()
    {
        var undeclared = Endpoints().Where(e => !IsAnonymous(e) && !HasPolicy(e)).Select(e => e.DisplayName).ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without an authorization policy or AllowAnonymous:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Organisation_scoped_endpoints_use_an_organisation_permission_policy()
    {
        var weak = Endpoints().Where(IsOrgScoped)
            .Where(e => IsAnonymous(e) || !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy?.StartsWith("org:") == true))
            .Select(e => e.DisplayName).ToList();
        Assert.True(weak.Count == 0, "Organisation routes without an org: policy:\n" + string.Join("\n", weak));
    }

    [Fact]
    public async Task Protected_api_endpoints_answer_401_without_credentials()
    {
        var client = app.Anonymous();
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !IsAnonymous(e) && e.RoutePattern.RawText!.StartsWith("/api")))
        {
            var url = Fill(endpoint.RoutePattern, p => IsInt(p) ? "1" : Guid.NewGuid().ToString());
            var response = await client.SendAsync(Request(Method(endpoint), url));
            if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{Method(endpoint)} {url} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Another_organisations_ids_are_404_and_another_organisations_route_is_403()
    {
        var mine = await app.SignUpAsync();
        var theirs = await app.SignUpAsync();
        var foreign = await ForeignIds(theirs);
        var failures = new List<string>();
        Assert.Contains(Endpoints(), e => IsOrgScoped(e) && e.RoutePattern.Parameters.Count > 1);

        foreach (var endpoint in Endpoints().Where(IsOrgScoped))
        {
            var isApi = endpoint.RoutePattern.RawText!.StartsWith("/api");
            var method = Method(endpoint);
            if (!isApi && method != "GET") continue; // page posts need an antiforgery token; their GET shares the lookup

            var client = isApi ? mine.Admin : await PageClientAsync(mine);
            var idParameters = endpoint.RoutePattern.Parameters.Where(p => p.Name != "orgId").ToList();
            if (idParameters.Count > 0)
            {
                var url = Fill(endpoint.RoutePattern, p => p.Name == "orgId" ? mine.Id.ToString() : IdFor(endpoint.RoutePattern, p, foreign, failures));
                var response = await client.SendAsync(Request(method, url));
                if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"{method} {url} with another organisation's id → {(int)response.StatusCode}, expected 404");
            }

            var otherOrgUrl = Fill(endpoint.RoutePattern, p => p.Name == "orgId" ? theirs.Id.ToString() : IdFor(endpoint.RoutePattern, p, foreign, failures));
            var otherOrg = await client.SendAsync(Request(method, otherOrgUrl));
            if (otherOrg.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{method} {otherOrgUrl} in another organisation → {(int)otherOrg.StatusCode}, expected 403");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    /// <summary>Ids that belong to the other organisation, by the collection name before the parameter.</summary>
    private async Task<Dictionary<string, string>> ForeignIds(TestOrg theirs)
    {
        var client = await app.SignUpAsync("client");
        var connectionId = await theirs.ConnectToClientAsync(client);
        var worker = await Expect.Json(await theirs.Admin.PostAsJsonAsync(theirs.Api("/workers"),
            new { firstName = "Fay", lastName = "Foreign", email = app.UniqueEmail("foreign"), clientConnections = new[] { new { clientId = client.Id } } }), HttpStatusCode.Created);
        var credential = await theirs.AddCredentialAsync(worker["id"]!.GetValue<string>(), await theirs.TypeIdAsync("First aid certificate"));
        var import = new MultipartFormDataContent { { new StringContent("worker_email,credential_type,issue_date,expiry_date\n"), "csv", "credentials.csv" } };
        var imported = await Expect.Json(await theirs.Admin.PostAsync(theirs.Api("/credential-imports?dryRun=true"), import), HttpStatusCode.Accepted);
        var registration = await Expect.Json(await app.Anonymous().PostAsJsonAsync("/api/v1/register",
            new { email = app.UniqueEmail("asker"), firstName = "Ash", lastName = "Asker", password = AppFixture.Password, employerId = theirs.Id }), HttpStatusCode.Created);
        return new Dictionary<string, string>
        {
            ["users"] = theirs.AdminId.ToString(),
            ["clients"] = connectionId.ToString(),
            ["contractors"] = connectionId.ToString(),
            ["companies"] = theirs.Id.ToString(),
            ["workers"] = worker["id"]!.GetValue<string>(),
            ["client-connections"] = client.Id.ToString(),
            ["access-requests"] = registration["accessRequestId"]!.GetValue<string>(),
            ["credentials"] = credential["id"]!.GetValue<string>(),
            ["versions"] = "1",
            ["files"] = credential["latestVersion"]!["files"]![0]!["id"]!.GetValue<string>(),
            ["credential-imports"] = imported["importId"]!.GetValue<string>(),
            ["imports"] = imported["importId"]!.GetValue<string>(), // the import report page
        };
    }

    private static bool IsInt(RoutePatternParameterPart p) => p.ParameterPolicies.Any(policy => policy.Content == "int");

    private static string IdFor(RoutePattern pattern, RoutePatternParameterPart parameter, Dictionary<string, string> foreign, List<string> failures)
    {
        var segments = pattern.PathSegments.ToList();
        var index = segments.FindIndex(s => s.Parts.Contains(parameter));
        var collection = index > 0 && segments[index - 1].Parts.Single() is RoutePatternLiteralPart literal ? literal.Content : parameter.Name;
        if (foreign.TryGetValue(collection, out var id)) return id;
        failures.Add($"{pattern.RawText}: add a foreign id for '{collection}' to EndpointSweepTests.ForeignIds");
        return Guid.NewGuid().ToString();
    }

    private static string Fill(RoutePattern pattern, Func<RoutePatternParameterPart, string> value)
    {
        var url = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
                url.Append(part switch
                {
                    RoutePatternLiteralPart l => l.Content,
                    RoutePatternParameterPart p => value(p),
                    RoutePatternSeparatorPart s => s.Content,
                    _ => "",
                });
        }
        return url.Length == 0 ? "/" : url.ToString();
    }

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };

    private async Task<HttpClient> PageClientAsync(TestOrg org)
    {
        // Pages use the cookie; sign in through the page if it exists, else fall back to the bearer client.
        var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetAsync("/login");
        if (login.StatusCode != HttpStatusCode.OK) return org.Admin;
        var html = await login.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = org.AdminEmail, ["Input.Password"] = AppFixture.Password, ["__RequestVerificationToken"] = token,
        });
        await client.PostAsync("/login", form);
        return client;
    }
}
