using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// R-N2, R-N3, R-N4: sends the expiry reminders that are due today in each contractor's time zone,
/// following its ladder, routed per R-W7, never for archived credentials, to people who have not
/// turned reminders off. The unique (credential, version, step) row written with the emails makes
/// each step go out once, even when several app instances run the job at the same moment.
/// </summary>
public sealed class CredentialReminders(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CredentialReminders> log, IConfiguration configuration)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("SiteReady:Jobs:Enabled", true)) return;
        var interval = TimeSpan.FromMinutes(configuration.GetValue("SiteReady:Jobs:ReminderIntervalMinutes", 60.0));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try { await SendDueAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Sending credential reminders failed; will retry."); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends what is due now; returns how many reminder steps were recorded.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        List<(Guid Id, string TimeZone, string Ladder)> contractors;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            contractors = (await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.Contractor)
                .Select(o => new { o.Id, o.TimeZone, o.ReminderDays }).ToListAsync(ct))
                .Select(o => (o.Id, o.TimeZone, o.ReminderDays)).ToList();
        }
        var sent = 0;
        foreach (var contractor in contractors)
        {
            try { sent += await SendForAsync(contractor.Id, contractor.TimeZone, ReminderLadder.Parse(contractor.Ladder), ct); }
            catch (DbUpdateException) { log.LogInformation("Another instance sent the reminders of {Organization} first.", contractor.Id); }
        }
        return sent;
    }

    private async Task<int> SendForAsync(Guid contractorId, string timeZone, ReminderLadder ladder, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var notices = scope.ServiceProvider.GetRequiredService<WorkerNotices>();
        var links = scope.ServiceProvider.GetRequiredService<AppLinks>();
        db.Tenant.Use(contractorId);
        var now = clock.GetUtcNow();
        var today = Calendar.TodayIn(timeZone, now);
        var (earliest, latest) = ladder.ExpiryWindow(today);

        // The contractor's own listings (see CredentialListing) hold each credential's latest expiry in an index by expiry
        // day; "archived" is compared with a variable, so both engines range that index.
        var archived = false;
        var due = await (from l in db.CredentialListings.AsNoTracking()
                         join t in db.CredentialTypes on l.CredentialTypeId equals t.Id
                         where l.OrganizationId == contractorId && l.IsArchived == archived && l.ExpiresOn >= earliest && l.ExpiresOn <= latest
                         select new { Id = l.CredentialId, l.WorkerId, l.LatestVersionNumber, ExpiryOn = l.ExpiresOn, TypeName = t.Name }).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var ids = due.Select(d => d.Id).ToList();
        var sentSteps = (await db.CredentialReminders.AsNoTracking().Where(r => ids.Contains(r.CredentialId)).ToListAsync(ct))
            .ToLookup(r => (r.CredentialId, r.VersionNumber), r => r.Step);
        var workerIds = due.Where(d => d.WorkerId != null).Select(d => d.WorkerId!.Value).Distinct().ToList();
        var workers = await db.Workers.AsNoTracking().Where(w => workerIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        var names = await db.Users.AsNoTracking().Where(u => workers.Values.Select(w => w.UserId).Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.FirstName + " " + u.LastName).Trim(), ct);
        var admins = await db.NotifiedAdminsOfAsync(contractorId, ct);

        var recorded = 0;
        foreach (var credential in due)
        {
            var step = ladder.StepDue(credential.ExpiryOn, today, sentSteps[(credential.Id, credential.LatestVersionNumber)].ToList());
            if (step is null) continue;
            db.CredentialReminders.Add(new CredentialReminder(Ids.New(clock), contractorId, credential.Id, credential.LatestVersionNumber, step.Value, now));
            recorded++;

            var worker = credential.WorkerId is { } wid ? workers[wid] : null;
            var recipients = worker is null ? admins : await notices.RecipientsAsync(worker, NoticeKind.Compliance, ct);
            var optedIn = await db.Users.Where(u => recipients.Select(r => r.UserId).Contains(u.Id) && u.CredentialReminders).Select(u => u.Id).ToListAsync(ct);
            var holder = worker is null ? "your company" : names.GetValueOrDefault(worker.UserId, "a worker");
            var when = step switch
            {
                > 0 => $"expires in {step} days, on {credential.ExpiryOn:d MMMM yyyy}",
                0 => "expires today",
                _ => $"expired {-step} days ago, on {credential.ExpiryOn:d MMMM yyyy}",
            };
            var selfManaged = worker?.ManagementMode == ManagementMode.SelfManaged;
            foreach (var to in recipients.Where(r => optedIn.Contains(r.UserId)))
                db.Outbox.Add(Mail.Compose(Ids.New(clock), now, contractorId, "credential-expiry-reminder", to.Email, to.FirstName,
                    $"{credential.TypeName} of {holder} {when}",
                    [$"The {credential.TypeName} of {holder} {when}.",
                     step > 0 ? "Upload the renewed document as a new version before then to stay compliant." : "Upload the renewed document as a new version: until then it no longer counts.",
                     "You can turn these reminders off in your notification settings."],
                    "Renew the credential", links.To(selfManaged && to.UserId == worker!.UserId ? "/me" : $"/orgs/{contractorId}/credentials/{credential.Id}")));
        }
        await db.SaveChangesAsync(ct);
        return recorded;
    }
}
