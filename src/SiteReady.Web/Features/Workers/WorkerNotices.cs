using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;

namespace SiteReady.Web.Features.Workers;

/// <summary>Who receives a notice about a worker (R-W7): the worker, or their employer's notified Active Admins.</summary>
public sealed class WorkerNotices(AppDb db)
{
    public async Task<List<CrossTenant.Recipient>> RecipientsAsync(Worker worker, NoticeKind kind, CancellationToken ct)
    {
        if (NoticeRouting.GoesToWorker(worker.ManagementMode, kind))
            return await db.Users.Where(u => u.Id == worker.UserId)
                .Select(u => new CrossTenant.Recipient(u.Id, u.Email!, u.FirstName)).ToListAsync(ct);
        return await db.NotifiedAdminsOfAsync(worker.OrganizationId, ct);
    }
}
