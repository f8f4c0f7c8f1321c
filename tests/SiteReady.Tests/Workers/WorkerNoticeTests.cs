using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Domain.Workers;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Workers;

namespace SiteReady.Tests.Workers;

/// <summary>R-W7 against real data: the worker, or the employer's Active Admins with notifications on.</summary>
public class WorkerNoticeTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Compliance_notices_of_employer_managed_workers_go_to_notified_admins_only_R_W7()
    {
        var contractor = await app.SignUpAsync("contractor");
        var (quietId, quietEmail, _) = await contractor.AddUserAsync("admin");
        await Expect.Status(await contractor.Admin.PatchAsJsonAsync(contractor.Api($"/users/{quietId}"), new { sendNotifications = false }), HttpStatusCode.OK);
        var (_, managerEmail, _) = await contractor.AddUserAsync("manager");
        var employerManaged = await AddAsync(contractor, "employerManaged");
        var selfManaged = await AddAsync(contractor, "selfManaged");

        using var scope = app.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.Tenant.Use(contractor.Id);
        var notices = new WorkerNotices(db);

        var toAdmins = await notices.RecipientsAsync(await db.Workers.SingleAsync(w => w.Id == employerManaged.Id), NoticeKind.Compliance, default);
        Assert.Equal([contractor.AdminEmail], toAdmins.Select(r => r.Email));
        Assert.DoesNotContain(quietEmail, toAdmins.Select(r => r.Email));
        Assert.DoesNotContain(managerEmail, toAdmins.Select(r => r.Email));

        var induction = await notices.RecipientsAsync(await db.Workers.SingleAsync(w => w.Id == employerManaged.Id), NoticeKind.Induction, default);
        Assert.Equal([employerManaged.Email], induction.Select(r => r.Email));
        var own = await notices.RecipientsAsync(await db.Workers.SingleAsync(w => w.Id == selfManaged.Id), NoticeKind.Compliance, default);
        Assert.Equal([selfManaged.Email], own.Select(r => r.Email));
    }

    private async Task<(Guid Id, string Email)> AddAsync(TestOrg contractor, string mode)
    {
        var email = app.UniqueEmail(mode);
        var body = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"),
            new { firstName = "N", lastName = "Notice", email, managementMode = mode }), HttpStatusCode.Created);
        return (Guid.Parse(body["id"]!.GetValue<string>()), email);
    }
}
