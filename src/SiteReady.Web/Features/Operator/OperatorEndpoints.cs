using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Operator;

public sealed record OperatorOrganization(Guid Id, string Name, OrganizationKind Kind, string? BusinessIdentifier, DateTimeOffset CreatedAt, int ActiveUsers);

public static class OperatorEndpoints
{
    public static void MapOperator(this IEndpointRouteBuilder app)
    {
        var op = app.MapGroup("/api/v1/operator").WithTags("Operator");

        op.MapGet("/organizations", async (string? kind, string? q, int? page, int? pageSize, AppDb db, CancellationToken ct) =>
                TypedResults.Ok(await ListOrganizationsAsync(db, kind, q, page, pageSize, ct)))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Every organisation on the platform (operator staff).");
    }

    public static async Task<PageOf<OperatorOrganization>> ListOrganizationsAsync(AppDb db, string? kind, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = errors.Enum<OrganizationKind>("kind", kind, required: false);
        errors.ThrowIfAny();
        var paging = Paging.From(page, pageSize);
        var query = db.Organizations.AsNoTracking();
        if (parsed is { } k) query = query.Where(o => o.Kind == k);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLower();
            query = query.Where(o => o.Name.ToLower().Contains(text));
        }
        var counts = await db.ActiveMemberCountsAsync(ct);
        return await paging.ApplyAsync(query.OrderBy(o => o.Name),
            o => new OperatorOrganization(o.Id, o.Name, o.Kind, o.BusinessIdentifier, o.CreatedAt, counts.GetValueOrDefault(o.Id)), ct);
    }
}

/// <summary>
/// At start-up: the operator organisation and its shared credential catalogue always exist;
/// <c>SiteReady:Operator:Email</c> + <c>:Password</c> add an Active OperatorAdmin when missing.
/// </summary>
public sealed class OperatorBootstrap(AppDb db, People people, IConfiguration configuration, TimeProvider clock, ILogger<OperatorBootstrap> log)
{
    public const string OperatorName = "SiteReady Operations";

    public async Task EnsureAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Operator, ct);
        if (organization is null)
        {
            organization = new Organization(Ids.New(clock), OrganizationKind.Operator, OperatorName, "UTC", now);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(ct);
        }
        await Credentials.CredentialTypes.EnsureCatalogueAsync(db, organization.Id, clock, ct);

        var email = configuration["SiteReady:Operator:Email"];
        var password = configuration["SiteReady:Operator:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return;
        db.Tenant.Switch(organization.Id);
        var user = await people.FindByEmailAsync(email);
        if (user is null)
        {
            user = people.New(email, "Operator", "Admin");
            await people.SetPasswordAsync(user, password, "SiteReady:Operator:Password");
        }
        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id, ct))
        {
            var membership = new Membership(Ids.New(clock), organization.Id, user.Id, Role.OperatorAdmin, MembershipStatus.Active, now);
            membership.Activate(now);
            db.Memberships.Add(membership);
            log.LogInformation("Created operator admin {Email}", email);
        }
        await db.SaveChangesAsync(ct);
        db.Tenant.Switch(null);
    }
}
