using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Features.Credentials;

namespace SiteReady.Tests.Credentials;

/// <summary>R-N2, R-N3, R-N4: expiry reminders follow the ladder, once per step, to those who want them.</summary>
public class ReminderTests(AppFixture app) : IClassFixture<AppFixture>
{
    private CredentialReminders Job => app.Factory.Services.GetRequiredService<CredentialReminders>();
    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private async Task<(TestOrg Contractor, string CredentialId)> ExpiringInAsync(int days, string mode = "employerManaged", string? workerEmail = null)
    {
        var contractor = await app.SignUpAsync("contractor"); // UTC time zone
        var worker = await contractor.AddWorkerAsync(workerEmail ?? app.UniqueEmail("remind"), mode: mode);
        var credential = await contractor.AddCredentialAsync(worker, await contractor.TypeIdAsync("First aid certificate"),
            issue: Today.AddYears(-1).ToString("yyyy-MM-dd"), expiry: Today.AddDays(days).ToString("yyyy-MM-dd"));
        return (contractor, credential["id"]!.GetValue<string>());
    }

    private Task<List<string>> RemindersOfAsync(string email) =>
        app.MailToAsync(email).ContinueWith(t => t.Result.Where(m => m.Kind == "credential-expiry-reminder").Select(m => m.Subject).ToList());

    [Fact]
    public async Task Each_step_of_the_default_ladder_is_sent_once_to_the_employers_notified_admins_R_N2()
    {
        var (contractor, _) = await ExpiringInAsync(30);

        await Job.SendDueAsync(default);
        await Job.SendDueAsync(default); // the same day again: nothing new
        var first = await RemindersOfAsync(contractor.AdminEmail);
        Assert.Single(first);
        Assert.Contains("expires in 30 days", first[0]);

        foreach (var (advance, expected) in new[] { (23, "expires in 7 days"), (7, "expires today"), (7, "expired 7 days ago") })
        {
            app.Clock.Advance(TimeSpan.FromDays(advance));
            await Job.SendDueAsync(default);
            Assert.Contains(expected, (await RemindersOfAsync(contractor.AdminEmail)).Last());
        }
        app.Clock.Advance(TimeSpan.FromDays(30));
        await Job.SendDueAsync(default);
        Assert.Equal(4, (await RemindersOfAsync(contractor.AdminEmail)).Count);
    }

    [Fact]
    public async Task Archived_credentials_get_no_reminders_R_N2()
    {
        var (contractor, id) = await ExpiringInAsync(7);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/archive"), null));
        await Job.SendDueAsync(default);
        Assert.Empty(await RemindersOfAsync(contractor.AdminEmail));
    }

    [Fact]
    public async Task Self_managed_workers_get_their_own_and_can_turn_them_off_R_N3()
    {
        var email = app.UniqueEmail("selfrem");
        var (contractor, _) = await ExpiringInAsync(7, "selfManaged", email);
        var workerId = (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/workers?q={email}"))))["items"]![0]!["id"]!.GetValue<string>();
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/workers/{workerId}/invite"), null));
        await Expect.Json(await app.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{AppFixture.TokenIn((await app.MailToAsync(email)).Last())}/accept",
            new { firstName = "Rita", lastName = "Reminded", password = AppFixture.Password }));
        var worker = await app.LoginAsync(email);
        Assert.True((await Expect.Json(await worker.GetAsync("/api/v1/me/notification-settings")))["credentialReminders"]!.GetValue<bool>());
        await Expect.Json(await worker.PatchAsJsonAsync("/api/v1/me/notification-settings", new { credentialReminders = false }));

        await Job.SendDueAsync(default);

        Assert.Empty(await RemindersOfAsync(email));            // turned off
        Assert.Empty(await RemindersOfAsync(contractor.AdminEmail)); // self-managed: not the employer's notice (R-W7)
        Assert.Equal(1, await app.WithDbAsync(db => db.CredentialReminders.IgnoreQueryFilters().CountAsync(r => r.OrganizationId == contractor.Id)));

        app.Clock.Advance(TimeSpan.FromDays(7));
        var admin = await app.LoginAsync(contractor.AdminEmail); // tokens from before the jump have expired
        Assert.True((await Expect.Json(await admin.PatchAsJsonAsync(contractor.Api($"/users/{contractor.AdminId}"), new { credentialReminders = false })))["credentialReminders"]!.GetValue<bool>() is false);
        var me = await app.LoginAsync(email);
        await Expect.Json(await me.PatchAsJsonAsync("/api/v1/me/notification-settings", new { credentialReminders = true }));
        await Job.SendDueAsync(default);
        Assert.Contains("expires today", Assert.Single(await RemindersOfAsync(email)));
    }

    [Fact]
    public async Task An_organisation_sets_its_own_ladder_and_bad_ladders_are_400_R_N2()
    {
        var (contractor, _) = await ExpiringInAsync(14);
        await Expect.Problem(await contractor.Admin.PatchAsJsonAsync(contractor.Api("/settings"), new { reminderDays = "14,soon" }), HttpStatusCode.BadRequest, "invalid-reminder-ladder");
        var settings = await Expect.Json(await contractor.Admin.PatchAsJsonAsync(contractor.Api("/settings"), new { reminderDays = "0, 14", expiringSoonDays = 60 }));
        Assert.Equal("14,0", settings["reminderDays"]!.GetValue<string>());
        Assert.Equal(60, settings["expiringSoonDays"]!.GetValue<int>());

        await Job.SendDueAsync(default);
        Assert.Contains("expires in 14 days", Assert.Single(await RemindersOfAsync(contractor.AdminEmail)));
    }

    [Fact]
    public async Task Two_instances_running_the_job_at_once_send_each_step_once_R_N4()
    {
        var (contractor, _) = await ExpiringInAsync(30);
        await Task.WhenAll(Job.SendDueAsync(default), Job.SendDueAsync(default), Job.SendDueAsync(default));
        Assert.Single(await RemindersOfAsync(contractor.AdminEmail));
    }
}
