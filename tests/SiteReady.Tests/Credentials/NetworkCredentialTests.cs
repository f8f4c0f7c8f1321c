using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Credentials;

/// <summary>R-K6: a client sees its network's credentials, and only those; credential types by organisation.</summary>
public class NetworkCredentialTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_client_sees_credentials_of_connected_workers_only_and_filters_them_R_K6()
    {
        var client = await app.SignUpAsync("client");
        var north = await client.AddLocationAsync("app", "North");
        var south = await client.AddLocationAsync("app", "South");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        var connected = await contractor.AddWorkerAsync(app.UniqueEmail("conn"), client.Id);
        var atSouth = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), new
        {
            firstName = "Sam", lastName = "South", email = app.UniqueEmail("south"), clientConnections = new[] { new { clientId = client.Id, locationIds = new[] { south } } },
        }), HttpStatusCode.Created);
        var unconnected = await contractor.AddWorkerAsync(app.UniqueEmail("solo"));
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        var licence = await contractor.TypeIdAsync("Driver's licence");
        var visible = (await contractor.AddCredentialAsync(connected, firstAid))["id"]!.GetValue<string>();
        var southOnly = (await contractor.AddCredentialAsync(atSouth["id"]!.GetValue<string>(), licence, expiry: "2026-12-01"))["id"]!.GetValue<string>();
        var hidden = (await contractor.AddCredentialAsync(unconnected, firstAid))["id"]!.GetValue<string>();

        async Task<List<string>> Ids(string query = "") =>
            (await Expect.Json(await client.Admin.GetAsync(client.Api("/credentials" + query))))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([southOnly, visible], await Ids()); // sorted by expiry
        Assert.Equal([visible], await Ids($"?credentialTypeId={firstAid}"));
        Assert.Equal([southOnly], await Ids("?expiringWithinDays=30"));
        Assert.Equal([southOnly, visible], await Ids($"?locationId={south}")); // no chosen locations covers all
        Assert.Equal([visible], await Ids($"?locationId={north}"));
        Assert.Equal([visible], await Ids($"?workerId={connected}"));
        Assert.Equal([southOnly, visible], await Ids($"?companyId={contractor.Id}&status=pending"));

        var row = (await Expect.Json(await client.Admin.GetAsync(client.Api($"/credentials?workerId={connected}"))))["items"]![0]!;
        Assert.Equal(contractor.Name, row["subject"]!["companyName"]!.GetValue<string>());
        Assert.Equal("Cred Holder", row["subject"]!["name"]!.GetValue<string>());

        // Detail and file through the network; the unconnected worker's credential does not exist for the client.
        var detail = await Expect.Json(await client.Admin.GetAsync(client.Api($"/credentials/{visible}")));
        var file = detail["latestVersion"]!["files"]![0]!;
        await Expect.Status(await client.Admin.GetAsync(client.Api($"/credentials/{visible}/versions/1/files/{file["id"]}")), HttpStatusCode.OK);
        await Expect.Problem(await client.Admin.GetAsync(client.Api($"/credentials/{hidden}")), HttpStatusCode.NotFound, "not-found");

        // Another client sees nothing of this network.
        var stranger = await app.SignUpAsync("client");
        Assert.Empty(await Expect.Json(await stranger.Admin.GetAsync(stranger.Api("/credentials"))).ContinueWith(t => t.Result["items"]!.AsArray()));
        await Expect.Problem(await stranger.Admin.GetAsync(stranger.Api($"/credentials/{visible}")), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_client_with_companies_manage_archives_and_restores_network_credentials_R_K6()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        var worker = await contractor.AddWorkerAsync(app.UniqueEmail("arch"), client.Id);
        var id = (await contractor.AddCredentialAsync(worker, await contractor.TypeIdAsync("First aid certificate")))["id"]!.GetValue<string>();

        var (_, _, viewer) = await client.AddUserAsync("viewer");
        await Expect.Problem(await viewer.PostAsync(client.Api($"/credentials/{id}/archive"), null), HttpStatusCode.Forbidden, "forbidden");
        var (_, _, manager) = await client.AddUserAsync("manager");
        Assert.True((await Expect.Json(await manager.PostAsync(client.Api($"/credentials/{id}/archive"), null)))["archived"]!.GetValue<bool>());
        Assert.True((await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{id}"))))["archived"]!.GetValue<bool>());
        Assert.False((await Expect.Json(await manager.PostAsync(client.Api($"/credentials/{id}/restore"), null)))["archived"]!.GetValue<bool>());
        // A client cannot delete or edit a contractor's credential.
        await Expect.Problem(await client.Admin.DeleteAsync(client.Api($"/credentials/{id}?confirm={id}")), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Clients_define_types_that_their_contractors_can_use_and_others_cannot()
    {
        var client = await app.SignUpAsync("client");
        var type = await Expect.Json(await client.Admin.PostAsJsonAsync(client.Api("/credential-types"), new
        {
            name = "Acme gas test ticket", category = "ticket", subject = "worker", hasIssueDate = true, hasExpiryDate = true, mediaRequired = true, verificationRequired = true,
        }), HttpStatusCode.Created);
        await Expect.Problem(await client.Admin.PostAsJsonAsync(client.Api("/credential-types"), new { name = "", category = "magic", subject = "robot" }),
            HttpStatusCode.BadRequest, "validation-failed");
        var connected = await app.SignUpAsync("contractor");
        await connected.ConnectToClientAsync(client);
        var outsider = await app.SignUpAsync("contractor");

        var names = (await Expect.Json<JsonArray>(await connected.Admin.GetAsync(connected.Api("/credential-types")))).Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("Acme gas test ticket", names);
        Assert.Contains("Public liability insurance", names); // the shared catalogue
        Assert.DoesNotContain("Acme gas test ticket", (await Expect.Json<JsonArray>(await outsider.Admin.GetAsync(outsider.Api("/credential-types")))).Select(t => t!["name"]!.GetValue<string>()));
        await Expect.Problem(await outsider.Admin.PostAsJsonAsync(outsider.Api("/credential-types"), new { name = "X", category = "other", subject = "worker" }),
            HttpStatusCode.BadRequest, "wrong-organization-kind");

        // A company type belongs to the contractor itself.
        var insurance = await connected.TypeIdAsync("Public liability insurance");
        var company = await Expect.Json(await connected.Admin.PostAsync(connected.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["companyId"] = connected.Id.ToString(), ["credentialTypeId"] = insurance, ["issueDate"] = "2026-07-01", ["expiryDate"] = "2027-06-30",
        }, ("policy.pdf", Uploads.Pdf()))), HttpStatusCode.Created);
        Assert.Equal("company", company["subject"]!["kind"]!.GetValue<string>());
        Assert.Equal(1, (await Expect.Json(await client.Admin.GetAsync(client.Api($"/credentials?companyId={connected.Id}"))))["total"]!.GetValue<int>());
        _ = type;
    }

    [Fact]
    public async Task Self_managed_workers_add_their_own_credentials_and_employer_managed_ones_cannot()
    {
        var contractor = await app.SignUpAsync("contractor");
        var selfEmail = app.UniqueEmail("self");
        var selfId = await contractor.AddWorkerAsync(selfEmail, mode: "selfManaged");
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{selfId}/invite"), null));
        await Expect.Json(await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{AppFixture.TokenIn((await app.MailToAsync(selfEmail)).Last())}/accept",
            new { firstName = "Sally", lastName = "Self", password = AppFixture.Password }));
        var self = await app.LoginAsync(selfEmail);
        var typeId = await contractor.TypeIdAsync("First aid certificate");

        var created = await Expect.Json(await self.PostAsync("/api/v1/me/credentials", Uploads.Form(new Dictionary<string, string?>
        {
            ["credentialTypeId"] = typeId, ["issueDate"] = "2026-02-01", ["expiryDate"] = "2027-02-01",
        }, ("mine.pdf", Uploads.Pdf()))), HttpStatusCode.Created);
        Assert.Equal(selfId, created["subject"]!["workerId"]!.GetValue<string>());
        var mine = await Expect.Json(await self.GetAsync("/api/v1/me/credentials"));
        Assert.Equal(1, mine["total"]!.GetValue<int>());
        Assert.Equal(1, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials?workerId={selfId}"))))["total"]!.GetValue<int>());

        var managedEmail = app.UniqueEmail("managed");
        var managedId = await contractor.AddWorkerAsync(managedEmail);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{managedId}/invite"), null));
        await Expect.Json(await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{AppFixture.TokenIn((await app.MailToAsync(managedEmail)).Last())}/accept",
            new { firstName = "Manny", lastName = "Managed", password = AppFixture.Password }));
        var managed = await app.LoginAsync(managedEmail);
        await Expect.Problem(await managed.GetAsync("/api/v1/me/credentials"), HttpStatusCode.Forbidden, "not-self-managed");
    }
}
