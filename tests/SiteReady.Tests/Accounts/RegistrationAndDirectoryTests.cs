using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Accounts;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Accounts;

/// <summary>The public directory, self-registration (R-A1) and password reset.</summary>
public class RegistrationAndDirectoryTests(AppFixture app) : IClassFixture<AppFixture>
{
    private object Registration(Guid employerId, string email, string? role = null, string? mobile = null) =>
        new { email, firstName = "Rita", lastName = "Registrant", password = AppFixture.Password, mobile, employerId, requestedRole = role };

    [Fact]
    public async Task The_directory_lists_clients_and_contractors_by_kind_and_text_but_never_the_operator()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var client = await app.SignUpAsync("client", $"Dir {tag} Client");
        var contractor = await app.SignUpAsync("contractor", $"Dir {tag} Contractor");

        var both = await Expect.Json(await app.Anonymous().GetAsync($"/api/v1/organizations?q=DIR {tag.ToUpperInvariant()}"));
        Assert.Equal(2, both["total"]!.GetValue<int>());
        var contractors = await Expect.Json(await app.Anonymous().GetAsync($"/api/v1/organizations?kind=contractor&q={tag}"));
        var only = contractors["items"]!.AsArray().Single()!;
        Assert.Equal(contractor.Id.ToString(), only["id"]!.GetValue<string>());
        Assert.Equal("contractor", only["kind"]!.GetValue<string>());

        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/organizations?kind=operator"), HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotEqual(client.Id, contractor.Id);
    }

    [Fact]
    public async Task Registering_creates_an_access_request_and_emails_only_admins_with_notifications_on_R_A1()
    {
        var org = await app.SignUpAsync();
        var (quietAdminId, quietAdminEmail, _) = await org.AddUserAsync("admin");
        await Expect.Status(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{quietAdminId}"), new { sendNotifications = false }), HttpStatusCode.OK);
        var (_, managerEmail, _) = await org.AddUserAsync("manager");
        var email = app.UniqueEmail("self");

        var body = await Expect.Json(await app.Anonymous().PostAsJsonAsync("/api/v1/register", Registration(org.Id, email, mobile: "+61400111222")), HttpStatusCode.Created);

        var requestId = Guid.Parse(body["accessRequestId"]!.GetValue<string>());
        var request = await app.WithDbAsync(db => db.AccessRequests.IgnoreQueryFilters().SingleAsync(a => a.Id == requestId));
        Assert.Equal(AccessRequestStatus.AccessRequested, request.Status);
        Assert.Equal(RequestedRole.Worker, request.RequestedRole); // the default
        Assert.Equal("+61400111222", request.Mobile);
        var toAdmin = (await app.MailToAsync(org.AdminEmail)).Last();
        Assert.Equal("access-request-received", toAdmin.Kind);
        Assert.Contains(email, toAdmin.TextBody);
        Assert.DoesNotContain(await app.MailToAsync(quietAdminEmail), m => m.Kind == "access-request-received");
        Assert.DoesNotContain(await app.MailToAsync(managerEmail), m => m.Kind == "access-request-received");

        // The person can sign in while they wait.
        var me = await Expect.Json(await (await app.LoginAsync(email)).GetAsync("/api/v1/me"));
        Assert.Empty(me["memberships"]!.AsArray());
    }

    [Fact]
    public async Task Registering_for_an_organisation_that_does_not_exist_is_404()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/register", Registration(Guid.NewGuid(), app.UniqueEmail()));
        await Expect.Problem(response, HttpStatusCode.NotFound, "organization-not-found");
    }

    [Fact]
    public async Task A_member_claiming_the_same_organisation_again_is_409()
    {
        var org = await app.SignUpAsync();
        await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/register", Registration(org.Id, org.AdminEmail)), HttpStatusCode.Conflict, "already-a-member");
    }

    [Fact]
    public async Task Registering_with_an_existing_email_answers_the_same_and_keeps_the_password()
    {
        var other = await app.SignUpAsync("client");
        var org = await app.SignUpAsync();
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/register",
            new { email = other.AdminEmail, firstName = "X", lastName = "Y", password = "an attackers password", employerId = org.Id });

        var body = await Expect.Json(response, HttpStatusCode.Created);
        Assert.Equal(other.AdminId.ToString(), body["userId"]!.GetValue<string>());
        await app.LoginAsync(other.AdminEmail); // unchanged password
        Assert.Contains(await app.MailToAsync(other.AdminEmail), m => m.Kind == "access-request-existing-account");
    }

    [Fact]
    public async Task Registration_validates_every_field()
    {
        var problem = await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/register",
                new { email = "bad", firstName = "", lastName = "", password = "short", mobile = "12345", requestedRole = "king" }),
            HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "email", "firstName", "lastName", "password", "mobile", "requestedRole", "employerId" })
            Assert.True(errors.ContainsKey(field), field);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_emails_and_the_emailed_code_resets_once()
    {
        var org = await app.SignUpAsync();
        var unknown = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = app.UniqueEmail("ghost") });
        var known = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = org.AdminEmail });
        await Expect.Status(unknown, HttpStatusCode.Accepted);
        await Expect.Status(known, HttpStatusCode.Accepted);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());

        var link = AppFixture.LinkIn((await app.MailToAsync(org.AdminEmail)).Last(), "/reset-password");
        var code = Uri.UnescapeDataString(link.Split("code=")[1]);
        var reset = new { email = org.AdminEmail, code, newPassword = "a brand new passphrase" };
        await Expect.Status(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/reset-password", reset), HttpStatusCode.OK);

        await app.LoginAsync(org.AdminEmail, "a brand new passphrase");
        await Expect.Problem(await org.Admin.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "session-revoked"); // old sessions end
        await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/reset-password", reset with { }), HttpStatusCode.BadRequest, "invalid-reset-code");
    }
}
