using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Workers;

/// <summary>R-W3: the worker's own view after activation, and completing their profile.</summary>
public class WorkerPortalTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_activated_worker_sees_their_employer_clients_and_sites_and_completes_their_profile_R_W3()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        var gate = await client.AddLocationAsync("app", "App gate");
        await client.AddLocationAsync("none", "Office");
        var email = app.UniqueEmail("pia");
        await Expect.Status(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), new
        {
            firstName = "Pia", lastName = "Portal", email, managementMode = "selfManaged",
            clientConnections = new[] { new { clientId = client.Id, locationIds = new[] { gate } } },
        }), HttpStatusCode.Created);
        var token = AppFixture.TokenIn((await app.MailToAsync(email)).Single());
        await Expect.Status(await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{token}/accept",
            new { firstName = "Pia", lastName = "Portal", password = AppFixture.Password }), HttpStatusCode.OK);
        var worker = await app.LoginAsync(email);

        var portal = await Expect.Json(await worker.GetAsync("/api/v1/me/worker"));
        Assert.Equal(contractor.Name, portal["employerName"]!.GetValue<string>());
        Assert.Equal("selfManaged", portal["managementMode"]!.GetValue<string>());
        Assert.Equal("active", portal["inviteStatus"]!.GetValue<string>());
        Assert.True(portal["needsProfile"]!.GetValue<bool>());
        var site = portal["clients"]!.AsArray().Single()!;
        Assert.Equal(client.Name, site["name"]!.GetValue<string>());
        Assert.Equal(["App gate"], site["locations"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));

        var refused = await Expect.Problem(await worker.PatchAsJsonAsync("/api/v1/me/profile", new { mobile = "0412" }), HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(refused["errors"]!["mobile"]);
        await Expect.Problem(await worker.PatchAsJsonAsync("/api/v1/me/profile", new { mobile = "" }), HttpStatusCode.BadRequest, "validation-failed");
        var saved = await Expect.Json(await worker.PatchAsJsonAsync("/api/v1/me/profile", new { mobile = "+61 412 345 678" }));
        Assert.Equal("+61412345678", saved["mobile"]!.GetValue<string>());
        Assert.False((await Expect.Json(await worker.GetAsync("/api/v1/me/worker")))["needsProfile"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_person_who_is_not_a_worker_has_no_worker_view()
    {
        var contractor = await app.SignUpAsync("contractor");
        await Expect.Problem(await contractor.Admin.GetAsync("/api/v1/me/worker"), HttpStatusCode.NotFound, "not-found");
    }
}
