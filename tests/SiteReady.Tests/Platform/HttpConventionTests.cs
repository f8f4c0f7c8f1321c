using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Platform;

/// <summary>Problem details, OpenAPI, health and security headers.</summary>
public class HttpConventionTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Malformed_json_is_a_400_problem_without_a_stack_trace()
    {
        var response = await app.Anonymous().PostAsync("/api/v1/organizations/signup", new StringContent("{\"kind\": ", Encoding.UTF8, "application/json"));
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest, "bad-request");
        var text = problem.ToJsonString();
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_a_400_problem()
    {
        var org = await app.SignUpAsync();
        var response = await org.Admin.PatchAsync(org.Api($"/users/{org.AdminId}"), new StringContent("{\"sendNotifications\": \"maybe\"}", Encoding.UTF8, "application/json"));
        await Expect.Problem(response, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_non_guid_org_id_is_404_not_500()
    {
        var org = await app.SignUpAsync();
        await Expect.Problem(await org.Admin.GetAsync("/api/v1/orgs/not-a-guid/users"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready_with_migrations_applied()
    {
        await Expect.Status(await app.Anonymous().GetAsync("/health/live"), HttpStatusCode.OK);
        var ready = await app.Anonymous().GetAsync("/health/ready");
        await Expect.Status(ready, HttpStatusCode.OK);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        foreach (var path in new[] { "/api/v1/organizations", "/health/live", "/login" })
        {
            var response = await app.Anonymous().GetAsync(path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("default-src 'self'", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_every_api_endpoint()
    {
        var doc = await Expect.Json(await app.Anonymous().GetAsync("/openapi/v1.json"));
        var paths = doc["paths"]!.AsObject();
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1"));
        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, "{([^:}]+)(:[^}]+)?}", "{$1}").TrimEnd('/');
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant();
            if (paths[path]?[method] is null) missing.Add($"{method} {path}");
        }
        Assert.True(missing.Count == 0, "Not in /openapi/v1.json:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task The_api_docs_ui_is_browsable()
    {
        var response = await app.Anonymous().GetAsync("/api/docs/index.html");
        await Expect.Status(response, HttpStatusCode.OK);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Enum_values_are_camel_case_strings()
    {
        var org = await app.SignUpAsync();
        var users = await Expect.Json(await org.Admin.GetAsync(org.Api("/users")));
        var first = users["items"]![0]!.AsObject();
        Assert.Equal("admin", first["role"]!.GetValue<string>());
        Assert.Equal("active", first["status"]!.GetValue<string>());
        Assert.IsType<JsonObject>(first);
    }
}
