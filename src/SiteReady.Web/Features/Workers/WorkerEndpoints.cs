using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Workers;

public static class WorkerEndpoints
{
    public static IServiceCollection AddWorkers(this IServiceCollection services) => services
        .AddScoped<WorkerRecords>()
        .AddScoped<WorkerNotices>()
        .AddScoped<WorkerInvitations>()
        .AddScoped<AddWorker>()
        .AddScoped<ManageWorker>()
        .AddScoped<ListWorkers>()
        .AddScoped<EmployerRequests>()
        .AddScoped<WorkerPortal>()
        .AddScoped<TransferRequests>();

    public static void MapWorkers(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/api/v1/orgs/{orgId:guid}/workers").WithTags("Workers");

        workers.MapGet("", async ([AsParameters] ListWorkersQuery query, ListWorkers list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(query, ct)))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("Workers, filtered by q, inviteStatus, managementMode, clientId, locationId; sort=name|-name. Disabled only with inviteStatus=disabled (R-W8).");

        workers.MapPost("", async (AddWorkerRequest request, AddWorker add, Actor actor, HttpContext http, CancellationToken ct) =>
            {
                ContractorsOnly(actor);
                var worker = await add.HandleAsync(request, ct);
                return TypedResults.Created($"{http.Request.Path}/{worker.Id}", worker);
            })
            .RequireAuthorization(Policies.For(Permissions.WorkersManage))
            .WithSummary("Add a worker (R-W1, R-W2); 409 when registered elsewhere (R-W4).");

        workers.MapGet("/{id:guid}", async (Guid id, WorkerRecords records, CancellationToken ct) =>
            {
                var (worker, person) = await records.LoadAsync(id, ct);
                return TypedResults.Ok(await records.ToResponseAsync(worker, person, ct));
            })
            .RequireAuthorization(Policies.For(Permissions.View));

        workers.MapPatch("/{id:guid}", async (Guid id, UpdateWorkerRequest request, ManageWorker manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.UpdateAsync(id, request, ct)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage))
            .WithSummary("Edit name, email (R-W6), mobile, management mode.");

        workers.MapPost("/{id:guid}/invite", async (Guid id, ManageWorker manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.InviteAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage))
            .WithSummary("Initial → Invited, or resend with a new link (R-W3).");

        workers.MapPost("/{id:guid}/disable", async (Guid id, ManageWorker manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.DisableAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage));

        workers.MapPost("/{id:guid}/reactivate", async (Guid id, ManageWorker manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.ReactivateAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage));

        workers.MapPost("/{id:guid}/client-connections", async (Guid id, ClientConnectionChoice request, ManageWorker manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.ConnectClientAsync(id, request, ct)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage))
            .WithSummary("Connect the worker to a client (and some of its locations); promptInvite says an invitation is due (R-W2).");

        workers.MapDelete("/{id:guid}/client-connections/{clientId:guid}", async (Guid id, Guid clientId, ManageWorker manage, CancellationToken ct) =>
            {
                await manage.DisconnectClientAsync(id, clientId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.For(Permissions.WorkersManage));

        var me = app.MapGroup("/api/v1/me").WithTags("Worker self-service").RequireAuthorization(Policies.Authenticated);
        me.MapGet("/worker", async (HttpContext http, WorkerPortal portal, CancellationToken ct) =>
                TypedResults.Ok(await portal.GetAsync(http.User.UserId()!.Value, ct) ?? throw NotAWorker()))
            .WithSummary("The signed-in worker's employer, clients and sites; 404 when no contractor employs them.");
        me.MapPatch("/profile", async (CompleteProfileRequest request, HttpContext http, WorkerPortal portal, CancellationToken ct) =>
                TypedResults.Ok(await portal.CompleteProfileAsync(http.User.UserId()!.Value, request, ct)))
            .WithSummary("Complete the signed-in person's profile: their mobile (R-W3).");
        me.MapGet("/employer-requests", async (HttpContext http, EmployerRequests requests, CancellationToken ct) =>
            TypedResults.Ok(await requests.ListAsync(http.User.UserId()!.Value, ct)));
        me.MapPost("/employer-requests/{id:guid}/accept", async (Guid id, HttpContext http, EmployerRequests requests, CancellationToken ct) =>
            TypedResults.Ok(await requests.AcceptAsync(http.User.UserId()!.Value, id, ct)));
        me.MapPost("/employer-requests/{id:guid}/decline", async (Guid id, HttpContext http, EmployerRequests requests, CancellationToken ct) =>
            TypedResults.Ok(await requests.DeclineAsync(http.User.UserId()!.Value, id, ct)));

        var transfers = app.MapGroup("/api/v1/operator/transfer-requests").WithTags("Operator").RequireAuthorization(Policies.CustomerCare);
        transfers.MapGet("", async (string? status, int? page, int? pageSize, TransferRequests queue, CancellationToken ct) =>
                TypedResults.Ok(await queue.ListAsync(status, page, pageSize, ct)))
            .WithSummary("Customer care's transfer queue (open and worker-approved by default).");
        transfers.MapPost("/{id:guid}/worker-approval", async (Guid id, TransferRequests queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.RecordWorkerApprovalAsync(id, ct)));
        transfers.MapPost("/{id:guid}/complete", async (Guid id, TransferRequests queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.CompleteAsync(id, ct)));
        transfers.MapPost("/{id:guid}/reject", async (Guid id, RejectTransferRequest request, TransferRequests queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.RejectAsync(id, request, ct)));
    }

    private static DomainException NotAWorker() =>
        new(Problems.NotFound, "You are not a worker of any contractor.", DomainErrorKind.NotFound);

    private static void ContractorsOnly(Actor actor)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor)
            throw new DomainException("wrong-organization-kind", "Only contractors have workers.", DomainErrorKind.Invalid);
    }
}
