using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Network;

public static class NetworkEndpoints
{
    public static IServiceCollection AddNetwork(this IServiceCollection services) => services
        .AddScoped<Locations>()
        .AddScoped<Connections>()
        .AddScoped<NetworkCompanies>();

    public static void MapNetwork(this IEndpointRouteBuilder app)
    {
        var org = app.MapGroup("/api/v1/orgs/{orgId:guid}").WithTags("Connections and locations");

        org.MapGet("/locations", async (int? page, int? pageSize, Locations locations, CancellationToken ct) =>
                TypedResults.Ok(await locations.ListAsync(page, pageSize, ct)))
            .RequireAuthorization(Policies.For(Permissions.View));
        org.MapPost("/locations", async (LocationRequest request, Locations locations, HttpContext http, CancellationToken ct) =>
            {
                var location = await locations.AddAsync(request, ct);
                return TypedResults.Created($"{http.Request.Path}/{location.Id}", location);
            })
            .RequireAuthorization(Policies.For(Permissions.RequirementsManage))
            .WithSummary("A client adds a site: name, address, IANA time zone, check-in method.");

        // The contractor's side: its clients.
        org.MapGet("/clients", async (string? status, int? page, int? pageSize, Connections connections, Actor actor, CancellationToken ct) =>
                TypedResults.Ok(await Side(actor, OrganizationKind.Contractor, () => connections.ListAsync(status, page, pageSize, ct))))
            .RequireAuthorization(Policies.For(Permissions.View));
        org.MapPost("/clients", async (ConnectClientRequest request, Connections connections, Actor actor, CancellationToken ct) =>
                TypedResults.Created("", await Side(actor, OrganizationKind.Contractor, () => connections.RequestAsync(request.ClientId, "clientId", ct))))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage))
            .WithSummary("A contractor asks a client to connect (or accepts the client's invitation).");
        org.MapPost("/clients/{connectionId:guid}/accept", async (Guid connectionId, Connections connections, Actor actor, CancellationToken ct) =>
                TypedResults.Ok(await connections.AcceptAsync(connectionId, ct, OrganizationKind.Contractor)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage));
        org.MapPost("/clients/{connectionId:guid}/disconnect", async (Guid connectionId, DisconnectRequest request, Connections connections, CancellationToken ct) =>
                TypedResults.Ok(await connections.DisconnectAsync(connectionId, request, ct, OrganizationKind.Contractor)))
            .RequireAuthorization(Policies.For(Permissions.WorkersManage));

        // The client's side: its contractors.
        org.MapGet("/contractors", async (string? status, int? page, int? pageSize, Connections connections, Actor actor, CancellationToken ct) =>
                TypedResults.Ok(await Side(actor, OrganizationKind.Client, () => connections.ListAsync(status, page, pageSize, ct))))
            .RequireAuthorization(Policies.For(Permissions.View));
        org.MapPost("/contractors", async (ConnectContractorRequest request, Connections connections, Actor actor, CancellationToken ct) =>
                TypedResults.Created("", await Side(actor, OrganizationKind.Client, () => connections.RequestAsync(request.ContractorId, "contractorId", ct))))
            .RequireAuthorization(Policies.For(Permissions.CompaniesManage))
            .WithSummary("A client invites a contractor to connect (or accepts the contractor's request).");
        org.MapPost("/contractors/{connectionId:guid}/accept", async (Guid connectionId, Connections connections, CancellationToken ct) =>
                TypedResults.Ok(await connections.AcceptAsync(connectionId, ct, OrganizationKind.Client)))
            .RequireAuthorization(Policies.For(Permissions.CompaniesManage));
        org.MapPost("/contractors/{connectionId:guid}/disconnect", async (Guid connectionId, DisconnectRequest request, Connections connections, CancellationToken ct) =>
                TypedResults.Ok(await connections.DisconnectAsync(connectionId, request, ct, OrganizationKind.Client)))
            .RequireAuthorization(Policies.For(Permissions.CompaniesManage));
    }

    private static Task<T> Side<T>(Actor actor, OrganizationKind kind, Func<Task<T>> action) =>
        actor.OrganizationKind == kind
            ? action()
            : throw new DomainException("wrong-organization-kind", $"Only a {kind.ToString().ToLowerInvariant()} organisation can do this.", DomainErrorKind.Invalid);
}
