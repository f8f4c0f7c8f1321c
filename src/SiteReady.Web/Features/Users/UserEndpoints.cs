using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Users;

public static class UserEndpoints
{
    public static IServiceCollection AddOrganizationUsers(this IServiceCollection services) => services
        .AddScoped<UserInvitations>()
        .AddScoped<OrganizationUsers>();

    public static void MapOrganizationUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/orgs/{orgId:guid}/users").WithTags("Users");

        users.MapGet("", async ([AsParameters] ListUsersQuery query, OrganizationUsers orgUsers, CancellationToken ct) =>
                TypedResults.Ok(await orgUsers.ListAsync(query, ct)))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("Users of the organisation; filter by q (name/email), role, status.");

        users.MapGet("/{id:guid}", async (Guid id, OrganizationUsers orgUsers, CancellationToken ct) =>
                TypedResults.Ok(await orgUsers.GetAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.View));

        users.MapPost("", async (InviteUserRequest request, OrganizationUsers orgUsers, HttpContext http, CancellationToken ct) =>
            {
                var user = await orgUsers.InviteAsync(request, ct);
                return TypedResults.Created($"{http.Request.Path}/{user.Id}", user);
            })
            .RequireAuthorization(Policies.For(Permissions.UsersManage))
            .WithSummary("Invite a user by email (link valid 7 days, single use).");

        users.MapPatch("/{id:guid}", async (Guid id, UpdateUserRequest request, OrganizationUsers orgUsers, CancellationToken ct) =>
                TypedResults.Ok(await orgUsers.UpdateAsync(id, request, ct)))
            .RequireAuthorization(Policies.For(Permissions.UsersManage))
            .WithSummary("Change role, Send notifications, name or mobile (R-U3 guard: 409).");

        users.MapPost("/{id:guid}/disable", async (Guid id, OrganizationUsers orgUsers, CancellationToken ct) =>
                TypedResults.Ok(await orgUsers.DisableAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.UsersManage))
            .WithSummary("Disable a user; their sessions end at once.");

        users.MapPost("/{id:guid}/reactivate", async (Guid id, OrganizationUsers orgUsers, CancellationToken ct) =>
                TypedResults.Ok(await orgUsers.ReactivateAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.UsersManage))
            .WithSummary("Return a disabled user to their previous state.");

        users.MapPost("/{id:guid}/invite", async (Guid id, OrganizationUsers orgUsers, CancellationToken ct) =>
                TypedResults.Ok(await orgUsers.ResendInvitationAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.UsersManage))
            .WithSummary("Send a new invitation link; the old one stops working.");
    }
}
