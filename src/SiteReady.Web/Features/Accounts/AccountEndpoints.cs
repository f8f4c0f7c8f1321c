using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Users;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

public sealed record RefreshRequest(string? RefreshToken);
public sealed record MeMembership(Guid OrganizationId, string OrganizationName, OrganizationKind Kind, Role Role, MembershipStatus Status);
public sealed record MeWorker(Guid WorkerId, Guid EmployerId, ManagementMode ManagementMode, InviteStatus InviteStatus);
public sealed record MeResponse(Guid UserId, string Email, string FirstName, string LastName, string? Mobile, IReadOnlyList<MeMembership> Memberships, MeWorker? Worker);
public sealed record DirectoryEntry(Guid Id, string Name, OrganizationKind Kind);

public static class AccountEndpoints
{
    public const string AuthRateLimit = "auth";

    public static IServiceCollection AddAccounts(this IServiceCollection services) => services
        .AddScoped<SignUpOrganization>()
        .AddScoped<SignIn>()
        .AddScoped<Register>()
        .AddScoped<PasswordReset>()
        .AddScoped<AcceptInvitation>();

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Accounts");

        api.MapPost("/organizations/signup", async (SignUpRequest request, SignUpOrganization signUp, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/me", await signUp.HandleAsync(request, ct)))
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .WithSummary("Sign up a client or contractor organisation; the admin is Active.");

        api.MapPost("/auth/login", async (LoginRequest request, SignIn signIn, SignInManager<AppUser> manager) =>
            {
                var user = await signIn.CheckAsync(request);
                manager.AuthenticationScheme = IdentityConstants.BearerScheme;
                await manager.SignInAsync(user, isPersistent: false);
                return Results.Empty; // the bearer handler has written the token response
            })
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .Produces<AccessTokenResponse>().ProducesProblem(401).ProducesProblem(429)
            .WithSummary("Exchange email and password for a bearer token and a refresh token.");

        api.MapPost("/auth/refresh", async (RefreshRequest request, SignInManager<AppUser> manager, AppDb db,
                IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock) =>
            {
                var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken ?? "");
                if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                    || await manager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
                    return Problems.Of(401, Problems.InvalidRefreshToken, "The refresh token is not valid or has expired. Sign in again.");
                var principal = await manager.CreateUserPrincipalAsync(user);
                return (IResult)TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
            })
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .Produces<AccessTokenResponse>().ProducesProblem(401)
            .WithSummary("Exchange a refresh token for a new access token.");

        api.MapGet("/me", async (HttpContext http, AppDb db, CancellationToken ct) =>
            {
                var userId = http.User.UserId()!.Value;
                var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
                var memberships = (await db.MembershipsOfAsync(userId, ct))
                    .Select(m => new MeMembership(m.OrganizationId, m.OrganizationName, m.Kind, m.Role, m.Status)).ToList();
                var worker = await db.WorkerOfPersonAsync(userId, ct);
                return TypedResults.Ok(new MeResponse(user.Id, user.Email!, user.FirstName, user.LastName, user.PhoneNumber, memberships,
                    worker is null ? null : new MeWorker(worker.Id, worker.OrganizationId, worker.ManagementMode, worker.InviteStatus)));
            })
            .RequireAuthorization(Policies.Authenticated)
            .WithSummary("The signed-in person, their organisations and roles.");

        api.MapGet("/organizations", async (string? kind, string? q, int? page, int? pageSize, AppDb db, CancellationToken ct) =>
                TypedResults.Ok(await ListDirectoryAsync(db, kind, q, page, pageSize, ct)))
            .AllowAnonymous()
            .WithSummary("Public directory of organisations, for choosing an employer.");

        api.MapPost("/register", async (RegisterRequest request, Register register, CancellationToken ct) =>
                TypedResults.Created("/api/v1/me", await register.HandleAsync(request, ct)))
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .WithSummary("Self-register and ask an organisation for access (R-A1).");

        api.MapPost("/auth/forgot-password", async (ForgotPasswordRequest request, PasswordReset reset, CancellationToken ct) =>
            {
                await reset.RequestAsync(request, ct);
                return TypedResults.Accepted((string?)null, new { message = "If an account uses that email, a reset link is on its way." });
            })
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .WithSummary("Email a password reset link (same answer whether or not the account exists).");

        api.MapPost("/auth/reset-password", async (ResetPasswordRequest request, PasswordReset reset, CancellationToken ct) =>
            {
                await reset.ResetAsync(request, ct);
                return TypedResults.Ok(new { message = "Your password has been changed. Sign in with the new one." });
            })
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .WithSummary("Choose a new password with the emailed code.");

        api.MapGet("/invitations/{token}", async (string token, AcceptInvitation accept, CancellationToken ct) =>
                TypedResults.Ok(await accept.DescribeAsync(token, ct)))
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .WithSummary("What an invitation link is for; 410 when used or expired.");

        api.MapPost("/invitations/{token}/accept", async (string token, AcceptInvitationRequest request, AcceptInvitation accept, CancellationToken ct) =>
                TypedResults.Ok(await accept.HandleAsync(token, request, ct)))
            .AllowAnonymous().RequireRateLimiting(AuthRateLimit)
            .WithSummary("Accept an invitation: set name and password; 410 when used or expired.");
    }

    /// <summary>The public directory of client and contractor organisations (the API and the registration page).</summary>
    public static async Task<PageOf<DirectoryEntry>> ListDirectoryAsync(AppDb db, string? kind, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = errors.Enum<OrganizationKind>("kind", kind, required: false);
        if (parsed == OrganizationKind.Operator) errors.Add("kind", "Must be one of: client, contractor.");
        errors.ThrowIfAny();
        var paging = Paging.From(page, pageSize);
        var query = db.Organizations.AsNoTracking().Where(o => o.Kind != OrganizationKind.Operator);
        if (parsed is { } k) query = query.Where(o => o.Kind == k);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLower();
            query = query.Where(o => o.Name.ToLower().Contains(text));
        }
        return await paging.ApplyAsync(query.OrderBy(o => o.Name), o => new DirectoryEntry(o.Id, o.Name, o.Kind), ct);
    }
}
