using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.AccessRequests;

/// <summary>R-A1..R-A5: reviewing access requests.</summary>
public class AccessRequestTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(string RequestId, string Email)> RequestAsync(TestOrg org, string? role = null, string? mobile = null)
    {
        var email = app.UniqueEmail("asker");
        var body = await Expect.Json(await app.Anonymous().PostAsJsonAsync("/api/v1/register",
            new { email, firstName = "Asha", lastName = "Asker", password = AppFixture.Password, mobile, employerId = org.Id, requestedRole = role }), HttpStatusCode.Created);
        return (body["accessRequestId"]!.GetValue<string>(), email);
    }

    [Fact]
    public async Task Admins_list_requests_by_status_and_see_the_requester_R_A2()
    {
        var org = await app.SignUpAsync();
        var (openId, email) = await RequestAsync(org, "manager", "+61400000100");
        var (declinedId, _) = await RequestAsync(org);
        await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{declinedId}/decline"), new { reason = "duplicateRequest" }));

        var open = await Expect.Json(await org.Admin.GetAsync(org.Api("/access-requests?status=accessRequested")));
        var item = open["items"]!.AsArray().Single()!;
        Assert.Equal(openId, item["id"]!.GetValue<string>());
        Assert.Equal(email, item["requester"]!["email"]!.GetValue<string>());
        Assert.Equal("+61400000100", item["requester"]!["mobile"]!.GetValue<string>());
        Assert.Equal("manager", item["requestedRole"]!.GetValue<string>());
        Assert.NotNull(item["createdAt"]);
        Assert.Equal(2, (await Expect.Json(await org.Admin.GetAsync(org.Api("/access-requests"))))["total"]!.GetValue<int>());

        var detail = await Expect.Json(await org.Admin.GetAsync(org.Api($"/access-requests/{openId}")));
        Assert.Empty(detail["currentRoles"]!.AsArray());
        Assert.Equal("Asha", detail["requester"]!["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_admins_review_R_A2()
    {
        var org = await app.SignUpAsync();
        var (id, _) = await RequestAsync(org);
        var (_, _, manager) = await org.AddUserAsync("manager");
        await Expect.Problem(await manager.GetAsync(org.Api("/access-requests")), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await manager.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { }), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Accepting_with_the_requested_role_creates_an_active_membership_and_emails_the_requester_R_A3()
    {
        var org = await app.SignUpAsync();
        var (id, email) = await RequestAsync(org, "viewer");

        var accepted = await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { }));

        Assert.Equal("accepted", accepted["status"]!.GetValue<string>());
        Assert.Equal("viewer", accepted["roleGranted"]!.GetValue<string>());
        var me = await Expect.Json(await (await app.LoginAsync(email)).GetAsync("/api/v1/me"));
        Assert.Equal("viewer", me["memberships"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("active", me["memberships"]![0]!["status"]!.GetValue<string>());
        Assert.Contains(await app.MailToAsync(email), m => m.Kind == "access-request-accepted");
    }

    [Fact]
    public async Task Accepting_as_worker_needs_a_mobile_and_makes_an_active_employer_managed_worker_R_A3()
    {
        var org = await app.SignUpAsync();
        var (id, email) = await RequestAsync(org, "admin");

        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { role = "worker" }), HttpStatusCode.BadRequest, "mobile-required");
        var still = await Expect.Json(await org.Admin.GetAsync(org.Api($"/access-requests/{id}")));
        Assert.Equal("accessRequested", still["status"]!.GetValue<string>());

        await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { role = "worker", mobile = "+61400000200" }));
        var workers = await Expect.Json(await org.Admin.GetAsync(org.Api($"/workers?q={email}")));
        var worker = workers["items"]!.AsArray().Single()!;
        Assert.Equal("active", worker["inviteStatus"]!.GetValue<string>());
        Assert.Equal("employerManaged", worker["managementMode"]!.GetValue<string>());
        Assert.Equal("+61400000200", worker["mobile"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_worker_request_that_came_with_a_mobile_is_accepted_by_default_R_A3()
    {
        var org = await app.SignUpAsync();
        var (id, _) = await RequestAsync(org, mobile: "+61400000300"); // requestedRole defaults to worker
        var accepted = await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { }));
        Assert.Equal("worker", accepted["roleGranted"]!.GetValue<string>());
    }

    [Fact]
    public async Task Declining_needs_a_listed_reason_or_other_with_text_R_A4()
    {
        var org = await app.SignUpAsync();
        var (id, email) = await RequestAsync(org);

        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { }), HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "vibes" }), HttpStatusCode.BadRequest, "validation-failed");
        var noText = await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "other", otherText = "  " }),
            HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(noText["errors"]!.AsObject().ContainsKey("otherText"));
        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "other", otherText = new string('x', 501) }),
            HttpStatusCode.BadRequest, "validation-failed");

        var declined = await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "other", otherText = "Works for our sister company" }));
        Assert.Equal("declined", declined["status"]!.GetValue<string>());
        Assert.Equal("other", declined["declineReason"]!.GetValue<string>());
        Assert.Equal("Works for our sister company", declined["declineText"]!.GetValue<string>());
        var mail = (await app.MailToAsync(email)).Single(m => m.Kind == "access-request-declined");
        Assert.Contains("Works for our sister company", mail.TextBody);
    }

    [Fact]
    public async Task A_decision_cannot_be_changed_R_A5()
    {
        var org = await app.SignUpAsync();
        var (id, email) = await RequestAsync(org, "viewer");
        await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "notAnEmployee" }));

        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { }), HttpStatusCode.Conflict, "access-request-already-decided");
        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "duplicateRequest" }), HttpStatusCode.Conflict, "access-request-already-decided");
        var me = await Expect.Json(await (await app.LoginAsync(email)).GetAsync("/api/v1/me"));
        Assert.Empty(me["memberships"]!.AsArray());
    }

    [Fact]
    public async Task Two_admins_deciding_at_the_same_moment_exactly_one_wins_R_A5()
    {
        for (var round = 0; round < 5; round++)
        {
            var org = await app.SignUpAsync();
            var (_, _, second) = await org.AddUserAsync("admin");
            var (id, email) = await RequestAsync(org, "viewer");

            var results = await Task.WhenAll(
                org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { role = "manager" }),
                second.PostAsJsonAsync(org.Api($"/access-requests/{id}/decline"), new { reason = "noLongerEmployed" }));

            Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(results, r => r.StatusCode != HttpStatusCode.OK);
            await Expect.Problem(loser, HttpStatusCode.Conflict, "access-request-already-decided");
            var final = await Expect.Json(await org.Admin.GetAsync(org.Api($"/access-requests/{id}")));
            var winnerAccepted = results[0].StatusCode == HttpStatusCode.OK;
            Assert.Equal(winnerAccepted ? "accepted" : "declined", final["status"]!.GetValue<string>());
            var outcomeMails = (await app.MailToAsync(email)).Count(m => m.Kind.StartsWith("access-request-", StringComparison.Ordinal) && m.Kind != "access-request-existing-account");
            Assert.Equal(1, outcomeMails);
        }
    }

    [Fact]
    public async Task Another_organisations_request_is_404()
    {
        var org = await app.SignUpAsync();
        var other = await app.SignUpAsync();
        var (id, _) = await RequestAsync(other);
        await Expect.Problem(await org.Admin.GetAsync(org.Api($"/access-requests/{id}")), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api($"/access-requests/{id}/accept"), new { }), HttpStatusCode.NotFound, "not-found");
    }
}
