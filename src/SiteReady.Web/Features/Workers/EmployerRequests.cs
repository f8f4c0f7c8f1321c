using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Workers;

public sealed record EmployerRequestResponse(Guid Id, Guid EmployerId, string EmployerName, ManagementMode ManagementMode, EmployerRequestStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// R-W4: the person's answer to a contractor that wants to employ them. Accepting makes them an
/// Active worker of that contractor (they already have a password), with the clients it chose.
/// </summary>
public sealed class EmployerRequests(AppDb db, AppLinks links, TimeProvider clock)
{
    public async Task<List<EmployerRequestResponse>> ListAsync(Guid userId, CancellationToken ct)
    {
        var rows = await (from r in db.EmployerRequestsOf(userId).AsNoTracking()
                          join o in db.Organizations on r.OrganizationId equals o.Id
                          orderby r.CreatedAt descending
                          select new { r, o.Name }).ToListAsync(ct);
        return rows.Select(x => ToResponse(x.r, x.Name)).ToList();
    }

    public async Task<EmployerRequestResponse> AcceptAsync(Guid userId, Guid requestId, CancellationToken ct)
    {
        var request = await LoadAsync(userId, requestId, ct);
        var now = clock.GetUtcNow();
        if (request.Status == EmployerRequestStatus.Open && await db.WorkerOfPersonAsync(userId, ct) is not null)
            throw new DomainException("already-employed", "You are already a worker of a contractor; ask SiteReady support to transfer you.");
        request.Accept(now);

        var worker = new Worker(Ids.New(clock), request.OrganizationId, userId, request.ManagementMode, request.RequestedByUserId, now);
        worker.ActivateExistingAccount(now);
        var stillConnected = await db.ClientConnections.Where(c => c.Status == ConnectionStatus.Connected).Select(c => c.ClientId).ToListAsync(ct);
        foreach (var choice in EmployerRequestChoices.Read(request.ClientConnections).Where(c => stillConnected.Contains(c.ClientId!.Value)))
            worker.ConnectTo(Ids.New(clock), choice.ClientId!.Value, choice.LocationIds ?? [], now);
        db.Workers.Add(worker);
        var person = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (request.Mobile is not null && person.PhoneNumber is null) person.PhoneNumber = request.Mobile;

        await NotifyEmployerAsync(request, $"{person.DisplayName} accepted your request and is now one of your workers.", ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(request, await EmployerNameAsync(request, ct));
    }

    public async Task<EmployerRequestResponse> DeclineAsync(Guid userId, Guid requestId, CancellationToken ct)
    {
        var request = await LoadAsync(userId, requestId, ct);
        request.Decline(clock.GetUtcNow());
        var person = await db.Users.SingleAsync(u => u.Id == userId, ct);
        await NotifyEmployerAsync(request, $"{person.DisplayName} ({person.Email}) declined your request to add them as a worker.", ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(request, await EmployerNameAsync(request, ct));
    }

    private async Task<EmployerRequest> LoadAsync(Guid userId, Guid requestId, CancellationToken ct)
    {
        var request = await db.EmployerRequestsOf(userId).SingleOrDefaultAsync(r => r.Id == requestId, ct)
            ?? throw new DomainException(Problems.NotFound, "No such request.", DomainErrorKind.NotFound);
        db.Tenant.Use(request.OrganizationId);
        return request;
    }

    private async Task NotifyEmployerAsync(EmployerRequest request, string text, CancellationToken ct)
    {
        foreach (var admin in await db.NotifiedAdminsOfAsync(request.OrganizationId, ct))
            db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), request.OrganizationId, "employer-request-answered", admin.Email, admin.FirstName,
                "A worker answered your request", [text], "Open your workers", links.To($"/orgs/{request.OrganizationId}/workers")));
    }

    private Task<string> EmployerNameAsync(EmployerRequest request, CancellationToken ct) =>
        db.Organizations.Where(o => o.Id == request.OrganizationId).Select(o => o.Name).SingleAsync(ct);

    private static EmployerRequestResponse ToResponse(EmployerRequest r, string name) =>
        new(r.Id, r.OrganizationId, name, r.ManagementMode, r.Status, r.CreatedAt, r.DecidedAt);
}
