using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Workers;

/// <summary>Contractor ↔ client connections and client locations (the minimal network the worker rules build on).</summary>
public class ConnectionTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_contractor_asks_and_the_client_accepts_then_both_see_the_connection()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");

        var asked = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/clients"), new { clientId = client.Id }), HttpStatusCode.Created);
        Assert.Equal("requested", asked["status"]!.GetValue<string>());
        var connectionId = asked["connectionId"]!.GetValue<string>();
        Assert.Contains(await app.MailToAsync(client.AdminEmail), m => m.Kind == "connection-requested");

        // The asking side cannot accept its own request.
        await Expect.Problem(await contractor.Admin.PostAsync(contractor.Api($"/clients/{connectionId}/accept"), null), HttpStatusCode.Conflict, "connection-awaiting-other-party");
        var accepted = await Expect.Json(await client.Admin.PostAsync(client.Api($"/contractors/{connectionId}/accept"), null));
        Assert.Equal("connected", accepted["status"]!.GetValue<string>());

        var clients = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/clients")));
        var row = clients["items"]!.AsArray().Single()!;
        Assert.Equal(client.Id.ToString(), row["organizationId"]!.GetValue<string>());
        Assert.Equal(client.Name, row["name"]!.GetValue<string>());
        var contractors = await Expect.Json(await client.Admin.GetAsync(client.Api("/contractors")));
        Assert.Equal(contractor.Id.ToString(), contractors["items"]![0]!["organizationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_invites_a_contractor_and_either_side_disconnects_with_a_reason()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        var invited = await Expect.Json(await client.Admin.PostAsJsonAsync(client.Api("/contractors"), new { contractorId = contractor.Id }), HttpStatusCode.Created);
        var connectionId = invited["connectionId"]!.GetValue<string>();
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/clients/{connectionId}/accept"), null));

        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api($"/clients/{connectionId}/disconnect"), new { reason = "" }),
            HttpStatusCode.BadRequest, "validation-failed");
        var gone = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api($"/clients/{connectionId}/disconnect"), new { reason = "Contract ended" }));
        Assert.Equal("disconnected", gone["status"]!.GetValue<string>());
        Assert.Equal("Contract ended", gone["disconnectReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connecting_to_the_wrong_kind_or_an_unknown_organisation_is_400()
    {
        var contractor = await app.SignUpAsync("contractor");
        var other = await app.SignUpAsync("contractor");
        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/clients"), new { clientId = other.Id }), HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/clients"), new { clientId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/contractors"), new { contractorId = other.Id }), HttpStatusCode.BadRequest, "wrong-organization-kind");
    }

    [Fact]
    public async Task A_client_admin_adds_locations_with_an_iana_time_zone_and_check_in_method()
    {
        var client = await app.SignUpAsync("client");
        var bad = await Expect.Problem(await client.Admin.PostAsJsonAsync(client.Api("/locations"), new { name = "", timeZone = "Mars/Olympus", checkInMethod = "teleport" }),
            HttpStatusCode.BadRequest, "validation-failed");
        foreach (var field in new[] { "name", "timeZone", "checkInMethod" }) Assert.True(bad["errors"]!.AsObject().ContainsKey(field), field);

        await client.AddLocationAsync("app", "North pit");
        var list = await Expect.Json(await client.Admin.GetAsync(client.Api("/locations")));
        var location = list["items"]!.AsArray().Single()!;
        Assert.Equal("North pit", location["name"]!.GetValue<string>());
        Assert.Equal("app", location["checkInMethod"]!.GetValue<string>());
        Assert.Equal("Australia/Perth", location["timeZone"]!.GetValue<string>());

        var (_, _, manager) = await client.AddUserAsync("manager");
        await Expect.Problem(await manager.PostAsJsonAsync(client.Api("/locations"), new { name = "X", timeZone = "UTC", checkInMethod = "none" }), HttpStatusCode.Forbidden, "forbidden");
        var contractor = await app.SignUpAsync("contractor");
        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/locations"), new { name = "X", timeZone = "UTC", checkInMethod = "none" }), HttpStatusCode.BadRequest, "client-only");
    }
}
