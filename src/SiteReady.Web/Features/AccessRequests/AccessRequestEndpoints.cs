using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.AccessRequests;

public static class AccessRequestEndpoints
{
    public static IServiceCollection AddAccessRequests(this IServiceCollection services) => services.AddScoped<DecideAccessRequest>();

    public static void MapAccessRequests(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/v1/orgs/{orgId:guid}/access-requests").WithTags("Access requests")
            .RequireAuthorization(Policies.For(Permissions.AccessRequestsReview));

        requests.MapGet("", async (string? status, int? page, int? pageSize, DecideAccessRequest decide, CancellationToken ct) =>
                TypedResults.Ok(await decide.ListAsync(status, page, pageSize, ct)))
            .WithSummary("Access requests, newest first; filter by status (R-A2).");
        requests.MapGet("/{id:guid}", async (Guid id, DecideAccessRequest decide, CancellationToken ct) =>
                TypedResults.Ok(await decide.GetAsync(id, ct)))
            .WithSummary("One request with the requester's profile and current roles.");
        requests.MapPost("/{id:guid}/accept", async (Guid id, AcceptAccessRequest body, DecideAccessRequest decide, CancellationToken ct) =>
                TypedResults.Ok(await decide.AcceptAsync(id, body, ct)))
            .WithSummary("Accept, optionally with another role; Worker needs a mobile (R-A3). Final (R-A5).");
        requests.MapPost("/{id:guid}/decline", async (Guid id, DeclineAccessRequest body, DecideAccessRequest decide, CancellationToken ct) =>
                TypedResults.Ok(await decide.DeclineAsync(id, body, ct)))
            .WithSummary("Decline with a reason, or Other with text (R-A4). Final (R-A5).");
    }
}
