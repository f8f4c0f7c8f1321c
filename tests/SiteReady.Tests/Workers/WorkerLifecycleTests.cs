using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Workers;

/// <summary>R-W3, R-W5, R-W6, R-W8: invitations, activation, disable/reactivate, email changes and the list.</summary>
public class WorkerLifecycleTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(TestOrg Contractor, TestOrg Client, Guid AppSite)> NetworkAsync()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        return (contractor, client, await client.AddLocationAsync("app"));
    }

    private async Task<(string Id, string Email)> AddAsync(TestOrg contractor, string first = "Wes", string mode = "employerManaged", Guid? clientId = null)
    {
        var email = app.UniqueEmail(first.ToLowerInvariant());
        var body = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), new
        {
            firstName = first, lastName = "Worker", email, managementMode = mode,
            clientConnections = clientId is null ? null : new[] { new { clientId } },
        }), HttpStatusCode.Created);
        return (body["id"]!.GetValue<string>(), email);
    }

    private Task<HttpResponseMessage> ActivateAsync(string token) =>
        app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { firstName = "Walt", lastName = "Active", password = AppFixture.Password });

    [Fact]
    public async Task Invite_then_resend_kills_the_old_link_and_activation_makes_the_worker_active_R_W3()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (id, email) = await AddAsync(contractor);

        var invited = await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null));
        Assert.Equal("invited", invited["inviteStatus"]!.GetValue<string>());
        var first = AppFixture.TokenIn((await app.MailToAsync(email)).Last());
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null));
        var second = AppFixture.TokenIn((await app.MailToAsync(email)).Last());

        await Expect.Problem(await ActivateAsync(first), HttpStatusCode.Gone, "invitation-revoked");
        var activated = await Expect.Json(await ActivateAsync(second));
        Assert.Equal(id, activated["workerId"]!.GetValue<string>());
        await Expect.Problem(await ActivateAsync(second), HttpStatusCode.Gone, "invitation-used");

        var worker = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/workers/{id}")));
        Assert.Equal("active", worker["inviteStatus"]!.GetValue<string>());
        Assert.Equal("Walt", worker["firstName"]!.GetValue<string>());
        var me = await Expect.Json(await (await app.LoginAsync(email)).GetAsync("/api/v1/me"));
        Assert.Equal(id, me["worker"]!["workerId"]!.GetValue<string>());
        Assert.Equal(contractor.Id.ToString(), me["worker"]!["employerId"]!.GetValue<string>());

        await Expect.Problem(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null), HttpStatusCode.Conflict, "worker-already-active");
    }

    [Fact]
    public async Task An_expired_activation_link_is_410_and_the_worker_stays_invited()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (id, email) = await AddAsync(contractor);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null));
        var token = AppFixture.TokenIn((await app.MailToAsync(email)).Last());
        app.Clock.Advance(TimeSpan.FromDays(8));

        await Expect.Problem(await ActivateAsync(token), HttpStatusCode.Gone, "invitation-expired");
        var admin = await app.LoginAsync(contractor.AdminEmail);
        Assert.Equal("invited", (await Expect.Json(await admin.GetAsync(contractor.Api($"/workers/{id}"))))["inviteStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Disable_hides_the_worker_blocks_login_and_reactivate_restores_the_previous_status_R_W5()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (activeId, activeEmail) = await AddAsync(contractor, "Ann");
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{activeId}/invite"), null));
        await Expect.Json(await ActivateAsync(AppFixture.TokenIn((await app.MailToAsync(activeEmail)).Last())));
        var session = await app.LoginAsync(activeEmail);
        var (invitedId, invitedEmail) = await AddAsync(contractor, "Ian");
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{invitedId}/invite"), null));
        var (initialId, _) = await AddAsync(contractor, "Ida");

        foreach (var id in new[] { activeId, invitedId, initialId })
        {
            await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/disable"), null));
            var again = await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/disable"), null)); // harmless
            Assert.Equal("disabled", again["inviteStatus"]!.GetValue<string>());
        }
        Assert.Equal(0, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/workers"))))["total"]!.GetValue<int>());
        Assert.Equal(3, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/workers?inviteStatus=disabled"))))["total"]!.GetValue<int>());
        await Expect.Problem(await session.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "session-revoked");
        await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = activeEmail, password = AppFixture.Password }),
            HttpStatusCode.Unauthorized, "account-disabled");
        var deadLink = AppFixture.TokenIn((await app.MailToAsync(invitedEmail)).Last());
        await Expect.Problem(await ActivateAsync(deadLink), HttpStatusCode.Gone, "invitation-revoked");

        Assert.Equal("active", (await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{activeId}/reactivate"), null)))["inviteStatus"]!.GetValue<string>());
        Assert.Equal("invited", (await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{invitedId}/reactivate"), null)))["inviteStatus"]!.GetValue<string>());
        Assert.Equal("initial", (await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{initialId}/reactivate"), null)))["inviteStatus"]!.GetValue<string>());
        await app.LoginAsync(activeEmail);
        // The reactivated invitee has a fresh, working link.
        await Expect.Json(await ActivateAsync(AppFixture.TokenIn((await app.MailToAsync(invitedEmail)).Last())));
    }

    [Fact]
    public async Task Changing_an_active_workers_email_tells_both_addresses_R_W6()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (id, email) = await AddAsync(contractor);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null));
        await Expect.Json(await ActivateAsync(AppFixture.TokenIn((await app.MailToAsync(email)).Last())));
        var newEmail = app.UniqueEmail("moved");

        var updated = await Expect.Json(await contractor.Admin.PatchAsJsonAsync(contractor.Api($"/workers/{id}"), new { email = newEmail }));

        Assert.Equal(newEmail, updated["email"]!.GetValue<string>());
        Assert.Contains(await app.MailToAsync(email), m => m.Kind == "worker-email-changed" && m.TextBody.Contains(newEmail));
        Assert.Contains(await app.MailToAsync(newEmail), m => m.Kind == "worker-email-changed");
        await app.LoginAsync(newEmail);
    }

    [Fact]
    public async Task Changing_an_invited_workers_email_sends_a_new_invitation_and_kills_the_old_R_W6()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (id, email) = await AddAsync(contractor);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null));
        var oldToken = AppFixture.TokenIn((await app.MailToAsync(email)).Last());
        var newEmail = app.UniqueEmail("fixed");

        await Expect.Json(await contractor.Admin.PatchAsJsonAsync(contractor.Api($"/workers/{id}"), new { email = newEmail }));

        await Expect.Problem(await ActivateAsync(oldToken), HttpStatusCode.Gone, "invitation-revoked");
        var fresh = (await app.MailToAsync(newEmail)).Single();
        await Expect.Json(await ActivateAsync(AppFixture.TokenIn(fresh)));
    }

    [Fact]
    public async Task An_email_used_by_another_account_is_409_and_bad_edits_are_400()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (id, _) = await AddAsync(contractor);
        await Expect.Problem(await contractor.Admin.PatchAsJsonAsync(contractor.Api($"/workers/{id}"), new { email = contractor.AdminEmail }), HttpStatusCode.Conflict, "email-taken");
        var errors = (await Expect.Problem(await contractor.Admin.PatchAsJsonAsync(contractor.Api($"/workers/{id}"), new { firstName = "", email = "x", mobile = "12" }),
            HttpStatusCode.BadRequest, "validation-failed"))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("firstName") && errors.ContainsKey("email") && errors.ContainsKey("mobile"));
    }

    [Fact]
    public async Task The_list_filters_sorts_and_pages_R_W8()
    {
        var (contractor, client, appSite) = await NetworkAsync();
        var (zoe, _) = await AddAsync(contractor, "Zoe", "selfManaged", client.Id);
        var (adam, adamEmail) = await AddAsync(contractor, "Adam");
        var (mia, _) = await AddAsync(contractor, "Mia");
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{mia}/disable"), null));

        var all = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/workers")));
        Assert.Equal(new[] { adam, zoe }, all["items"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()));
        var desc = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/workers?sort=-name")));
        Assert.Equal(new[] { zoe, adam }, desc["items"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()));

        async Task<IEnumerable<string>> Ids(string query) =>
            (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/workers?" + query))))["items"]!.AsArray().Select(w => w!["id"]!.GetValue<string>());
        Assert.Equal(new[] { zoe }, await Ids("managementMode=selfManaged"));
        Assert.Equal(new[] { zoe }, await Ids($"clientId={client.Id}"));
        Assert.Equal(new[] { zoe }, await Ids($"locationId={appSite}")); // no chosen locations = all of them
        Assert.Equal(new[] { zoe }, await Ids("inviteStatus=invited"));
        Assert.Equal(new[] { adam }, await Ids($"q={adamEmail.ToUpperInvariant()}"));
        Assert.Equal(new[] { mia }, await Ids("inviteStatus=disabled"));
        Assert.Single(await Ids("page=2&pageSize=1"));

        var row = all["items"]![1]!.AsObject();
        foreach (var column in new[] { "firstName", "lastName", "email", "inviteStatus", "managementMode", "clientConnections" })
            Assert.True(row.ContainsKey(column), column);
        await Expect.Problem(await contractor.Admin.GetAsync(contractor.Api("/workers?inviteStatus=sleepy")), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Viewers_and_workers_cannot_change_workers_and_other_contractors_get_404()
    {
        var (contractor, _, _) = await NetworkAsync();
        var (id, email) = await AddAsync(contractor);
        var (_, _, viewer) = await contractor.AddUserAsync("viewer");
        await Expect.Json(await viewer.GetAsync(contractor.Api($"/workers/{id}")));
        foreach (var (method, path) in new[] { ("POST", "/invite"), ("POST", "/disable"), ("POST", "/reactivate"), ("PATCH", "") })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), contractor.Api($"/workers/{id}{path}")) { Content = JsonContent.Create(new { firstName = "X" }) };
            await Expect.Problem(await viewer.SendAsync(request), HttpStatusCode.Forbidden, "forbidden");
        }

        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{id}/invite"), null));
        await Expect.Json(await ActivateAsync(AppFixture.TokenIn((await app.MailToAsync(email)).Last())));
        var worker = await app.LoginAsync(email);
        await Expect.Problem(await worker.PostAsync(contractor.Api($"/workers/{id}/disable"), null), HttpStatusCode.Forbidden, "forbidden");

        var other = await app.SignUpAsync("contractor");
        await Expect.Problem(await other.Admin.GetAsync(other.Api($"/workers/{id}")), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await other.Admin.PostAsync(other.Api($"/workers/{id}/disable"), null), HttpStatusCode.NotFound, "not-found");
    }
}
