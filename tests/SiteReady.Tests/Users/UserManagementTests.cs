using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Users;

/// <summary>Organisation users: list, role, notifications, disable/reactivate (R-U2, R-U3, R-U4).</summary>
public class UserManagementTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_only_admin_cannot_disable_themselves_R_U3()
    {
        var org = await app.SignUpAsync();
        await Expect.Problem(await org.Admin.PostAsync(org.Api($"/users/{org.AdminId}/disable"), null), HttpStatusCode.Conflict, "last-notified-admin");
        await Expect.Json(await org.Admin.GetAsync("/api/v1/me")); // still signed in and active
    }

    [Fact]
    public async Task The_only_admin_cannot_turn_notifications_off_or_step_down_R_U3()
    {
        var org = await app.SignUpAsync();
        await Expect.Problem(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{org.AdminId}"), new { sendNotifications = false }), HttpStatusCode.Conflict, "last-notified-admin");
        await Expect.Problem(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{org.AdminId}"), new { role = "manager" }), HttpStatusCode.Conflict, "last-notified-admin");

        var me = await Expect.Json(await org.Admin.GetAsync(org.Api($"/users/{org.AdminId}")));
        Assert.Equal("admin", me["role"]!.GetValue<string>());
        Assert.True(me["sendNotifications"]!.GetValue<bool>());
    }

    [Fact]
    public async Task With_a_second_notified_admin_the_first_may_step_down()
    {
        var org = await app.SignUpAsync();
        var (secondId, _, _) = await org.AddUserAsync("admin");

        var updated = await Expect.Json(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{org.AdminId}"), new { role = "viewer", sendNotifications = false }));
        Assert.Equal("viewer", updated["role"]!.GetValue<string>());
        Assert.False(updated["sendNotifications"]!.GetValue<bool>());

        // Now the second admin is the last one with notifications on.
        var second = await app.LoginAsync((await Expect.Json(await org.Admin.GetAsync(org.Api($"/users/{secondId}"))))["email"]!.GetValue<string>());
        await Expect.Problem(await second.PatchAsJsonAsync(org.Api($"/users/{secondId}"), new { sendNotifications = false }), HttpStatusCode.Conflict, "last-notified-admin");
    }

    [Fact]
    public async Task An_admin_with_notifications_off_does_not_count_for_the_guard_R_U3()
    {
        var org = await app.SignUpAsync();
        var (secondId, _, _) = await org.AddUserAsync("admin");
        await Expect.Status(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{secondId}"), new { sendNotifications = false }), HttpStatusCode.OK);

        await Expect.Problem(await org.Admin.PostAsync(org.Api($"/users/{org.AdminId}/disable"), null), HttpStatusCode.Conflict, "last-notified-admin");
    }

    [Fact]
    public async Task A_disabled_user_is_refused_on_their_very_next_request_and_cannot_log_in()
    {
        var org = await app.SignUpAsync();
        var (userId, email, client) = await org.AddUserAsync("manager");
        await Expect.Json(await client.GetAsync("/api/v1/me"));

        await Expect.Status(await org.Admin.PostAsync(org.Api($"/users/{userId}/disable"), null), HttpStatusCode.OK);

        await Expect.Problem(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "session-revoked");
        await Expect.Problem(await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password = AppFixture.Password }),
            HttpStatusCode.Unauthorized, "account-disabled");
    }

    [Fact]
    public async Task Disabling_twice_is_harmless_and_reactivation_returns_the_previous_state_R_U2()
    {
        var org = await app.SignUpAsync();
        var (activeId, activeEmail, _) = await org.AddUserAsync("viewer");
        var invitedEmail = app.UniqueEmail("pending");
        var invited = await Expect.Json(await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email = invitedEmail, role = "viewer" }), HttpStatusCode.Created);
        var invitedId = invited["id"]!.GetValue<string>();

        foreach (var id in new[] { activeId.ToString(), invitedId })
        {
            Assert.Equal("disabled", (await Expect.Json(await org.Admin.PostAsync(org.Api($"/users/{id}/disable"), null)))["status"]!.GetValue<string>());
            Assert.Equal("disabled", (await Expect.Json(await org.Admin.PostAsync(org.Api($"/users/{id}/disable"), null)))["status"]!.GetValue<string>());
        }

        Assert.Equal("active", (await Expect.Json(await org.Admin.PostAsync(org.Api($"/users/{activeId}/reactivate"), null)))["status"]!.GetValue<string>());
        Assert.Equal("invited", (await Expect.Json(await org.Admin.PostAsync(org.Api($"/users/{invitedId}/reactivate"), null)))["status"]!.GetValue<string>());
        await app.LoginAsync(activeEmail);

        // The reactivated invitee gets a fresh link; the one from before the disable is dead.
        var mails = await app.MailToAsync(invitedEmail);
        Assert.Equal(2, mails.Count);
        var first = AppFixture.TokenIn(mails[0]);
        await Expect.Problem(await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{first}/accept", new { firstName = "A", lastName = "B", password = AppFixture.Password }),
            HttpStatusCode.Gone, "invitation-revoked");
        var fresh = AppFixture.TokenIn(mails[1]);
        await Expect.Status(await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{fresh}/accept", new { firstName = "A", lastName = "B", password = AppFixture.Password }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_user_list_filters_by_text_role_and_status_and_pages()
    {
        var org = await app.SignUpAsync();
        var (managerId, managerEmail, _) = await org.AddUserAsync("manager");
        var (viewerId, _, _) = await org.AddUserAsync("viewer");
        await Expect.Status(await org.Admin.PostAsync(org.Api($"/users/{viewerId}/disable"), null), HttpStatusCode.OK);

        var all = await Expect.Json(await org.Admin.GetAsync(org.Api("/users")));
        Assert.Equal(3, all["total"]!.GetValue<int>());
        Assert.Equal(1, all["page"]!.GetValue<int>());
        Assert.Equal(50, all["pageSize"]!.GetValue<int>());

        var managers = await Expect.Json(await org.Admin.GetAsync(org.Api("/users?role=manager")));
        Assert.Equal(managerId.ToString(), managers["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(1, managers["total"]!.GetValue<int>());

        var disabled = await Expect.Json(await org.Admin.GetAsync(org.Api("/users?status=disabled")));
        Assert.Equal(viewerId.ToString(), disabled["items"]!.AsArray().Single()!["id"]!.GetValue<string>());

        var byText = await Expect.Json(await org.Admin.GetAsync(org.Api($"/users?q={managerEmail[..12].ToUpperInvariant()}")));
        Assert.Equal(managerId.ToString(), byText["items"]!.AsArray().Single()!["id"]!.GetValue<string>());

        var page2 = await Expect.Json(await org.Admin.GetAsync(org.Api("/users?page=2&pageSize=2")));
        Assert.Single(page2["items"]!.AsArray());
        Assert.Equal(3, page2["total"]!.GetValue<int>());

        await Expect.Problem(await org.Admin.GetAsync(org.Api("/users?pageSize=501")), HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Problem(await org.Admin.GetAsync(org.Api("/users?status=sleeping")), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("viewer")]
    public async Task Only_admins_manage_users_R_U4(string role)
    {
        var org = await app.SignUpAsync();
        var (_, _, client) = await org.AddUserAsync(role);

        await Expect.Json(await client.GetAsync(org.Api("/users"))); // everyone may view
        await Expect.Problem(await client.PostAsJsonAsync(org.Api("/users"), new { email = app.UniqueEmail(), role = "viewer" }), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await client.PatchAsJsonAsync(org.Api($"/users/{org.AdminId}"), new { role = "viewer" }), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await client.PostAsync(org.Api($"/users/{org.AdminId}/disable"), null), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Another_organisations_users_are_403_by_org_and_404_by_id_R_U4()
    {
        var mine = await app.SignUpAsync();
        var theirs = await app.SignUpAsync();

        await Expect.Problem(await mine.Admin.GetAsync(theirs.Api("/users")), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await mine.Admin.GetAsync(mine.Api($"/users/{theirs.AdminId}")), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await mine.Admin.PostAsync(mine.Api($"/users/{theirs.AdminId}/disable"), null), HttpStatusCode.NotFound, "not-found");
        await Expect.Json(await theirs.Admin.GetAsync("/api/v1/me"));
    }

    [Fact]
    public async Task Changing_a_users_name_and_mobile_validates_the_mobile()
    {
        var org = await app.SignUpAsync();
        var (userId, _, _) = await org.AddUserAsync("viewer");
        await Expect.Problem(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{userId}"), new { mobile = "0412 345" }), HttpStatusCode.BadRequest, "validation-failed");
        var ok = await Expect.Json(await org.Admin.PatchAsJsonAsync(org.Api($"/users/{userId}"), new { firstName = "Renamed", mobile = "+61412345678" }));
        Assert.Equal("Renamed", ok["firstName"]!.GetValue<string>());
        Assert.Equal("+61412345678", ok["mobile"]!.GetValue<string>());
    }
}

/// <summary>R-U3 under concurrency: two admins disabling each other at the same moment never leave zero.</summary>
public class ConcurrentAdminChangeTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Two_admins_disabling_each_other_at_once_leave_one_active_admin()
    {
        for (var round = 0; round < 5; round++)
        {
            var org = await app.SignUpAsync();
            var (secondId, _, second) = await org.AddUserAsync("admin");

            var results = await Task.WhenAll(
                org.Admin.PostAsync(org.Api($"/users/{secondId}/disable"), null),
                second.PostAsync(org.Api($"/users/{org.AdminId}/disable"), null));

            // One wins; the other is refused by the guard or the version check (409), or, when it
            // arrives after the winner's commit, because its session or membership just ended (401, 403).
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(results, r => r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
            var activeAdmins = await app.WithDbAsync(db => db.Memberships.IgnoreQueryFilters()
                .CountAsync(m => m.OrganizationId == org.Id && m.Role == Role.Admin && m.Status == MembershipStatus.Active));
            Assert.Equal(1, activeAdmins);
        }
    }
}
