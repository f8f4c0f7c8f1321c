using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Workers;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Workers;

/// <summary>R-W1, R-W2, R-W4: adding workers.</summary>
public class AddWorkerTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(TestOrg Contractor, TestOrg Client, Guid AppSite, Guid ExternalSite)> NetworkAsync()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        return (contractor, client, await client.AddLocationAsync("app", "App gate"), await client.AddLocationAsync("external", "Turnstile"));
    }

    private static object Worker(string email, string mode = "employerManaged", object? connections = null, string? mobile = null) =>
        new { firstName = "Wes", lastName = "Worker", email, mobile, managementMode = mode, clientConnections = connections };

    [Fact]
    public async Task A_worker_at_an_app_location_is_invited_at_once_with_the_employer_managed_email_R_W2()
    {
        var (contractor, client, appSite, _) = await NetworkAsync();
        var email = app.UniqueEmail("wes");

        var worker = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"),
            Worker(email, connections: new[] { new { clientId = client.Id, locationIds = new[] { appSite } } }, mobile: "+61400000001")), HttpStatusCode.Created);

        Assert.Equal("invited", worker["inviteStatus"]!.GetValue<string>());
        Assert.Equal("employerManaged", worker["managementMode"]!.GetValue<string>());
        Assert.Equal(contractor.Id.ToString(), worker["employerId"]!.GetValue<string>());
        Assert.Equal("+61400000001", worker["mobile"]!.GetValue<string>());
        var connection = worker["clientConnections"]!.AsArray().Single()!;
        Assert.Equal(client.Id.ToString(), connection["clientId"]!.GetValue<string>());
        Assert.Equal("App gate", connection["locations"]![0]!["name"]!.GetValue<string>());
        var mail = (await app.MailToAsync(email)).Single();
        Assert.Equal("worker-invitation-employer-managed", mail.Kind);
        Assert.Contains("check-in app", mail.TextBody);
        Assert.Contains("/invitations/", mail.HtmlBody);
    }

    [Fact]
    public async Task A_self_managed_invitation_asks_to_complete_requirements_R_W2()
    {
        var (contractor, client, _, _) = await NetworkAsync();
        var email = app.UniqueEmail("sal");
        // No locations chosen: all of the client's locations count, and one of them is App.
        var worker = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"),
            Worker(email, "selfManaged", new[] { new { clientId = client.Id } })), HttpStatusCode.Created);
        Assert.Equal("invited", worker["inviteStatus"]!.GetValue<string>());
        var mail = (await app.MailToAsync(email)).Single();
        Assert.Equal("worker-invitation-self-managed", mail.Kind);
        Assert.Contains("requirements", mail.TextBody);
        Assert.Contains(client.Name, mail.TextBody);
    }

    [Fact]
    public async Task A_worker_without_an_app_location_stays_initial_and_gets_no_email_R_W2()
    {
        var (contractor, client, _, externalSite) = await NetworkAsync();
        var email = app.UniqueEmail("ina");
        var worker = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"),
            Worker(email, connections: new[] { new { clientId = client.Id, locationIds = new[] { externalSite } } })), HttpStatusCode.Created);
        Assert.Equal("initial", worker["inviteStatus"]!.GetValue<string>());
        Assert.Empty(await app.MailToAsync(email));

        var plain = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), Worker(app.UniqueEmail("nobody"))), HttpStatusCode.Created);
        Assert.Equal("initial", plain["inviteStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Adding_an_app_location_later_to_an_initial_worker_prompts_an_invitation_R_W2()
    {
        var (contractor, client, appSite, _) = await NetworkAsync();
        var worker = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), Worker(app.UniqueEmail())), HttpStatusCode.Created);
        var id = worker["id"]!.GetValue<string>();

        var connected = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api($"/workers/{id}/client-connections"), new { clientId = client.Id, locationIds = new[] { appSite } }));
        Assert.True(connected["promptInvite"]!.GetValue<bool>());
        Assert.Equal("initial", connected["inviteStatus"]!.GetValue<string>());

        await Expect.Status(await contractor.Admin.DeleteAsync(contractor.Api($"/workers/{id}/client-connections/{client.Id}")), HttpStatusCode.NoContent);
        var after = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/workers/{id}")));
        Assert.Empty(after["clientConnections"]!.AsArray());
        await Expect.Problem(await contractor.Admin.DeleteAsync(contractor.Api($"/workers/{id}/client-connections/{client.Id}")), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Bad_fields_are_400_with_field_errors_and_nothing_is_created()
    {
        var (contractor, client, _, _) = await NetworkAsync();
        var stranger = await app.SignUpAsync("client");
        var response = await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), new
        {
            firstName = "", lastName = " ", email = "nope", mobile = "0400", managementMode = "whoever",
            clientConnections = new object[] { new { clientId = stranger.Id }, new { clientId = client.Id, locationIds = new[] { Guid.NewGuid() } } },
        });
        var errors = (await Expect.Problem(response, HttpStatusCode.BadRequest, "validation-failed"))["errors"]!.AsObject();
        foreach (var field in new[] { "firstName", "lastName", "email", "mobile", "managementMode", "clientConnections[0].clientId", "clientConnections[1].locationIds" })
            Assert.True(errors.ContainsKey(field), field);
        Assert.Equal(0, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/workers"))))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_duplicate_email_in_the_same_contractor_is_409_compared_trimmed_and_case_insensitively()
    {
        var (contractor, _, _, _) = await NetworkAsync();
        var email = app.UniqueEmail("dup");
        await Expect.Status(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), Worker(email)), HttpStatusCode.Created);
        var problem = await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), Worker("  " + email.ToUpperInvariant() + " ")),
            HttpStatusCode.Conflict, "worker-already-exists");
        Assert.Contains(email, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_worker_of_another_contractor_is_409_and_customer_care_completes_a_transfer_R_W4()
    {
        var (first, _, _, _) = await NetworkAsync();
        var second = await app.SignUpAsync("contractor");
        var email = app.UniqueEmail("mover");
        var original = await Expect.Json(await first.Admin.PostAsJsonAsync(first.Api("/workers"), Worker(email)), HttpStatusCode.Created);

        await Expect.Problem(await second.Admin.PostAsJsonAsync(second.Api("/workers"), Worker(email)), HttpStatusCode.Conflict, "worker-registered-with-another-contractor");
        await Expect.Problem(await second.Admin.PostAsJsonAsync(second.Api("/workers"), Worker(email)), HttpStatusCode.Conflict, "worker-registered-with-another-contractor");

        var transfers = await app.WithDbAsync(db => db.TransferRequests.Where(t => t.ToContractorId == second.Id).ToListAsync());
        var transfer = Assert.Single(transfers); // asking twice records one request
        Assert.Equal(first.Id, transfer.FromContractorId);
        Assert.Equal(TransferStatus.Open, transfer.Status);
        Assert.Equal(Guid.Parse(original["id"]!.GetValue<string>()), transfer.WorkerId);
    }

    [Fact]
    public async Task A_registered_person_without_employer_is_409_and_joins_when_they_accept_R_W4()
    {
        var (contractor, client, _, _) = await NetworkAsync();
        var other = await app.SignUpAsync("client");
        var email = app.UniqueEmail("free");
        await Expect.Status(await app.Anonymous().PostAsJsonAsync("/api/v1/register",
            new { email, firstName = "Fran", lastName = "Free", password = AppFixture.Password, employerId = other.Id, requestedRole = "viewer" }), HttpStatusCode.Created);

        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"),
            Worker(email, "selfManaged", new[] { new { clientId = client.Id } }, "+61400000009")), HttpStatusCode.Conflict, "worker-registered-unconnected");
        var mail = (await app.MailToAsync(email)).Last();
        Assert.Equal("employer-request", mail.Kind);
        Assert.Contains(contractor.Name, mail.Subject);

        var person = await app.LoginAsync(email);
        var requests = await Expect.Json<JsonArray>(await person.GetAsync("/api/v1/me/employer-requests"));
        var request = requests.Single()!;
        Assert.Equal("open", request["status"]!.GetValue<string>());
        var accepted = await Expect.Json(await person.PostAsync($"/api/v1/me/employer-requests/{request["id"]}/accept", null));
        Assert.Equal("accepted", accepted["status"]!.GetValue<string>());
        await Expect.Problem(await person.PostAsync($"/api/v1/me/employer-requests/{request["id"]}/decline", null), HttpStatusCode.Conflict, "employer-request-already-decided");

        var list = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/workers?q={email}")));
        var worker = list["items"]!.AsArray().Single()!;
        Assert.Equal("active", worker["inviteStatus"]!.GetValue<string>());
        Assert.Equal("selfManaged", worker["managementMode"]!.GetValue<string>());
        Assert.Equal(client.Id.ToString(), worker["clientConnections"]![0]!["clientId"]!.GetValue<string>());
        var me = await Expect.Json(await person.GetAsync("/api/v1/me"));
        Assert.Equal(contractor.Id.ToString(), me["worker"]!["employerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Declining_an_employer_request_tells_the_contractor_and_adds_no_worker()
    {
        var (contractor, _, _, _) = await NetworkAsync();
        var other = await app.SignUpAsync("client");
        var email = app.UniqueEmail("no");
        await Expect.Status(await app.Anonymous().PostAsJsonAsync("/api/v1/register",
            new { email, firstName = "Nora", lastName = "No", password = AppFixture.Password, employerId = other.Id }), HttpStatusCode.Created);
        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), Worker(email)), HttpStatusCode.Conflict, "worker-registered-unconnected");

        var person = await app.LoginAsync(email);
        var request = (await Expect.Json<JsonArray>(await person.GetAsync("/api/v1/me/employer-requests"))).Single()!;
        await Expect.Json(await person.PostAsync($"/api/v1/me/employer-requests/{request["id"]}/decline", null));

        Assert.Contains(await app.MailToAsync(contractor.AdminEmail), m => m.Kind == "employer-request-answered" && m.TextBody.Contains("declined"));
        Assert.Equal(0, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/workers?q={email}"))))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Someone_elses_employer_request_is_404()
    {
        var (contractor, _, _, _) = await NetworkAsync();
        var other = await app.SignUpAsync("client");
        var email = app.UniqueEmail("mine");
        await Expect.Status(await app.Anonymous().PostAsJsonAsync("/api/v1/register",
            new { email, firstName = "M", lastName = "M", password = AppFixture.Password, employerId = other.Id }), HttpStatusCode.Created);
        await Expect.Problem(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), Worker(email)), HttpStatusCode.Conflict, "worker-registered-unconnected");
        var requestId = (await Expect.Json<JsonArray>(await (await app.LoginAsync(email)).GetAsync("/api/v1/me/employer-requests"))).Single()!["id"]!.GetValue<string>();

        await Expect.Problem(await other.Admin.PostAsync($"/api/v1/me/employer-requests/{requestId}/accept", null), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Viewers_cannot_add_workers_and_clients_have_none()
    {
        var (contractor, client, _, _) = await NetworkAsync();
        var (_, _, viewer) = await contractor.AddUserAsync("viewer");
        await Expect.Problem(await viewer.PostAsJsonAsync(contractor.Api("/workers"), Worker(app.UniqueEmail())), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await client.Admin.PostAsJsonAsync(client.Api("/workers"), Worker(app.UniqueEmail())), HttpStatusCode.BadRequest, "wrong-organization-kind");
        var (_, _, manager) = await contractor.AddUserAsync("manager");
        await Expect.Status(await manager.PostAsJsonAsync(contractor.Api("/workers"), Worker(app.UniqueEmail())), HttpStatusCode.Created);
    }
}
