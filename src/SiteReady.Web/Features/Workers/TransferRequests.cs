using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Workers;

public sealed record TransferRequestResponse(
    Guid Id, Guid WorkerId, string WorkerName, string WorkerEmail, Guid FromContractorId, string FromContractorName,
    Guid ToContractorId, string ToContractorName, TransferStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? WorkerApprovedAt,
    DateTimeOffset? DecidedAt, string? RejectReason);
public sealed record RejectTransferRequest(string? Reason);

/// <summary>
/// R-W4: customer care's queue of workers another contractor wants. They record the worker's
/// approval, then complete (the worker moves; the requester is emailed) or reject.
/// </summary>
public sealed class TransferRequests(AppDb db, Actor actor, AppLinks links, TimeProvider clock)
{
    public async Task<PageOf<TransferRequestResponse>> ListAsync(string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = errors.Enum<TransferStatus>("status", status, required: false);
        errors.ThrowIfAny();
        var query = db.TransferRequests.AsNoTracking();
        query = parsed is { } s ? query.Where(t => t.Status == s) : query.Where(t => t.Status == TransferStatus.Open || t.Status == TransferStatus.WorkerApproved);
        var paged = await Paging.From(page, pageSize).ApplyAsync(query.OrderBy(t => t.CreatedAt), t => t, ct);
        var items = new List<TransferRequestResponse>();
        foreach (var t in paged.Items) items.Add(await ToResponseAsync(t, ct));
        return new PageOf<TransferRequestResponse>(items, paged.Page, paged.PageSize, paged.Total);
    }

    public async Task<TransferRequestResponse> RecordWorkerApprovalAsync(Guid id, CancellationToken ct)
    {
        var transfer = await LoadAsync(id, ct);
        transfer.RecordWorkerApproval(actor.UserId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await ToResponseAsync(transfer, ct);
    }

    public async Task<TransferRequestResponse> CompleteAsync(Guid id, CancellationToken ct)
    {
        var transfer = await LoadAsync(id, ct);
        transfer.Complete(actor.UserId, clock.GetUtcNow());

        // The one write that moves a row between organisations, in one transaction: the old employer's
        // client connections go while acting for it, then the worker is saved under the new employer.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Tenant.Switch(transfer.FromContractorId);
        var worker = await db.Workers.Include(w => w.ClientConnections).SingleAsync(w => w.Id == transfer.WorkerId, ct);
        worker.DisconnectFromAllClients();
        await db.SaveChangesAsync(ct);
        db.Tenant.Switch(transfer.ToContractorId);
        worker.MoveTo(transfer.ToContractorId);
        await db.SaveChangesAsync(ct);
        db.Tenant.Switch(null);

        var requester = await db.Users.SingleAsync(u => u.Id == transfer.RequestedByUserId, ct);
        var response = await ToResponseAsync(transfer, ct);
        db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), transfer.ToContractorId, "transfer-completed", requester.Email!, requester.FirstName,
            $"{response.WorkerName} is now one of your workers",
            [$"The transfer you asked for is complete: {response.WorkerName} ({response.WorkerEmail}) moved from {response.FromContractorName} to {response.ToContractorName}.",
             "Connect them to your clients and locations from their worker page."],
            "Open the worker", links.To($"/orgs/{transfer.ToContractorId}/workers/{transfer.WorkerId}")));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return response;
    }

    public async Task<TransferRequestResponse> RejectAsync(Guid id, RejectTransferRequest request, CancellationToken ct)
    {
        var transfer = await LoadAsync(id, ct);
        var errors = new FieldErrors();
        var reason = errors.Required("reason", request.Reason, 500);
        errors.ThrowIfAny();
        transfer.Reject(actor.UserId, reason!, clock.GetUtcNow());
        var requester = await db.Users.SingleAsync(u => u.Id == transfer.RequestedByUserId, ct);
        var response = await ToResponseAsync(transfer, ct);
        db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), transfer.ToContractorId, "transfer-rejected", requester.Email!, requester.FirstName,
            $"Transfer of {response.WorkerName} was not completed",
            [$"Customer care did not transfer {response.WorkerName} to {response.ToContractorName}: {reason}"]));
        await db.SaveChangesAsync(ct);
        return response;
    }

    private async Task<TransferRequest> LoadAsync(Guid id, CancellationToken ct) =>
        await db.TransferRequests.SingleOrDefaultAsync(t => t.Id == id, ct)
        ?? throw new DomainException(Problems.NotFound, "No such transfer request.", DomainErrorKind.NotFound);

    private async Task<TransferRequestResponse> ToResponseAsync(TransferRequest t, CancellationToken ct)
    {
        var worker = await db.WorkerPersonAsync(t.WorkerId, ct);
        var names = await db.Organizations.Where(o => o.Id == t.FromContractorId || o.Id == t.ToContractorId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return new TransferRequestResponse(t.Id, t.WorkerId, worker.DisplayName, worker.Email!, t.FromContractorId, names[t.FromContractorId],
            t.ToContractorId, names[t.ToContractorId], t.Status, t.CreatedAt, t.WorkerApprovedAt, t.DecidedAt, t.RejectReason);
    }
}
