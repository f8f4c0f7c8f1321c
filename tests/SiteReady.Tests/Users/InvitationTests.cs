using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Users;

/// <summary>R-U2: invitation email with a single-use link valid for 7 days.</summary>
public class InvitationTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(TestOrg Org, string Email, Guid UserId, string Token)> InviteAsync(string role = "manager")
    {
        var org = await app.SignUpAsync();
        var email = app.UniqueEmail("invitee");
        var body = await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email, role }), HttpStatusCode.Created);
        Assert.Equal("invited", body["status"]!.GetValue<string>());
        var mail = (await app.MailToAsync(email)).Single();
        return (org, email, Guid.Parse(body["id"]!.GetValue<string>()), AppFixture.TokenIn(mail));
    }

    private Task<HttpResponseMessage> AcceptAsync(string token, string password = AppFixture.Password) =>
        app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { firstName = "Ivy", lastName = "Invitee", password });

    [Fact]
    public async Task An_invited_user_gets_an_email_with_a_link_and_becomes_active_on_accepting()
    {
        var (org, email, userId, token) = await InviteAsync();
        var mail = (await app.MailToAsync(email)).Single();
        Assert.Contains(org.Name, mail.Subject);
        Assert.Contains($"http://siteready.test/invitations/{token}", mail.TextBody);
        Assert.Contains($"href=\"http://siteready.test/invitations/{token}\"", mail.HtmlBody);

        var described = await Expect.Json(await app.Anonymous().GetAsync($"/api/v1/invitations/{token}"));
        Assert.Equal(org.Name, described["organizationName"]!.GetValue<string>());
        Assert.Equal(email, described["email"]!.GetValue<string>());

        await Expect.Status(await AcceptAsync(token), HttpStatusCode.OK);

        var user = await Expect.Json(await org.Admin.GetAsync(org.Api($"/users/{userId}")));
        Assert.Equal("active", user["status"]!.GetValue<string>());
        Assert.Equal("Ivy", user["firstName"]!.GetValue<string>());
        var me = await Expect.Json(await (await app.LoginAsync(email)).GetAsync("/api/v1/me"));
        Assert.Equal("manager", me["memberships"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_used_link_is_410_and_changes_nothing()
    {
        var (_, email, _, token) = await InviteAsync();
        await Expect.Status(await AcceptAsync(token), HttpStatusCode.OK);
        var stampBefore = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());

        await Expect.Problem(await AcceptAsync(token, "a different long password"), HttpStatusCode.Gone, "invitation-used");

        Assert.Equal(stampBefore, await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task A_link_older_than_7_days_is_410_and_the_user_stays_invited()
    {
        var (org, _, userId, token) = await InviteAsync();
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        await Expect.Problem(await AcceptAsync(token), HttpStatusCode.Gone, "invitation-expired");
        var admin = await app.LoginAsync(org.AdminEmail); // the old access token expired with the jump
        var user = await Expect.Json(await admin.GetAsync(org.Api($"/users/{userId}")));
        Assert.Equal("invited", user["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resending_kills_the_old_link()
    {
        var (org, email, userId, oldToken) = await InviteAsync();
        await Expect.Status(await org.Admin.PostAsync(org.Api($"/users/{userId}/invite"), null), HttpStatusCode.OK);
        var newToken = AppFixture.TokenIn((await app.MailToAsync(email)).Last());

        await Expect.Problem(await AcceptAsync(oldToken), HttpStatusCode.Gone, "invitation-revoked");
        await Expect.Status(await AcceptAsync(newToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_link_is_404()
    {
        await Expect.Problem(await AcceptAsync("not-a-real-token"), HttpStatusCode.NotFound, "invitation-not-found");
    }

    [Fact]
    public async Task Accepting_needs_names_and_a_good_password_and_leaves_the_link_usable_when_refused()
    {
        var (_, _, _, token) = await InviteAsync();
        var response = await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { firstName = "", lastName = "", password = "short" });
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("firstName"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("password"));

        await Expect.Status(await AcceptAsync(token), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Inviting_someone_already_in_the_organisation_is_409()
    {
        var org = await app.SignUpAsync();
        var response = await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email = " " + org.AdminEmail.ToUpperInvariant(), role = "viewer" });
        await Expect.Problem(response, HttpStatusCode.Conflict, "user-already-member");
    }

    [Fact]
    public async Task A_person_with_an_account_elsewhere_joins_with_their_existing_password()
    {
        var other = await app.SignUpAsync("client");
        var org = await app.SignUpAsync();
        await Expect.Status(await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email = other.AdminEmail, role = "viewer" }), HttpStatusCode.Created);
        var token = AppFixture.TokenIn((await app.MailToAsync(other.AdminEmail)).Last());

        var wrong = await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { firstName = "A", lastName = "B", password = "not my password at all" });
        await Expect.Problem(wrong, HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Status(await AcceptAsync(token), HttpStatusCode.OK);

        var me = await Expect.Json(await (await app.LoginAsync(other.AdminEmail)).GetAsync("/api/v1/me"));
        Assert.Equal(2, me["memberships"]!.AsArray().Count);
    }

    [Fact]
    public async Task Inviting_with_a_bad_role_or_email_is_400()
    {
        var org = await app.SignUpAsync();
        var problem = await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email = "nope", role = "overlord" }),
            HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("email"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("role"));

        var operatorRole = await Expect.Problem(await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email = app.UniqueEmail(), role = "operatorAdmin" }),
            HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(operatorRole["errors"]!.AsObject().ContainsKey("role"));
    }

    [Fact]
    public async Task The_invitation_email_is_in_the_outbox_in_the_same_transaction_as_the_membership()
    {
        var (org, email, userId, _) = await InviteAsync();
        var membership = await app.WithDbAsync(db => db.Memberships.IgnoreQueryFilters().SingleAsync(m => m.UserId == userId && m.OrganizationId == org.Id));
        Assert.Equal(MembershipStatus.Invited, membership.Status);
        var mail = (await app.MailToAsync(email)).Single();
        Assert.Equal("user-invitation", mail.Kind);
        Assert.Equal(org.Id, mail.OrganizationId);
    }
}
