using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Accounts;

public sealed record MyNotificationSettings(bool CredentialReminders);
public sealed record OrganizationSettings(int ExpiringSoonDays, string ReminderDays, string TimeZone);
public sealed record OrganizationSettingsRequest(int? ExpiringSoonDays, string? ReminderDays);

/// <summary>R-N3: people choose their own reminders; an organisation sets its expiring-soon window and reminder ladder (R-N2).</summary>
public static class NotificationSettingsEndpoints
{
    public static void MapNotificationSettings(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/notification-settings").WithTags("Accounts").RequireAuthorization(Policies.Authenticated);
        me.MapGet("", async (HttpContext http, AppDb db, CancellationToken ct) =>
            TypedResults.Ok(new MyNotificationSettings(await db.Users.Where(u => u.Id == http.User.UserId()).Select(u => u.CredentialReminders).SingleAsync(ct))));
        me.MapPatch("", async (MyNotificationSettings request, HttpContext http, AppDb db, CancellationToken ct) =>
            {
                var user = await db.Users.SingleAsync(u => u.Id == http.User.UserId(), ct);
                user.CredentialReminders = request.CredentialReminders;
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(new MyNotificationSettings(user.CredentialReminders));
            })
            .WithSummary("Turn your own credential expiry reminders on or off (R-N3).");

        var settings = app.MapGroup("/api/v1/orgs/{orgId:guid}/settings").WithTags("Accounts");
        settings.MapGet("", async (Actor actor, AppDb db, CancellationToken ct) => TypedResults.Ok(ToResponse(await LoadAsync(db, actor, ct))))
            .RequireAuthorization(Policies.For(Permissions.View));
        settings.MapPatch("", async (OrganizationSettingsRequest request, Actor actor, AppDb db, CancellationToken ct) =>
            {
                var organization = await LoadAsync(db, actor, ct);
                organization.ChangeSettings(request.ExpiringSoonDays, request.ReminderDays);
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(ToResponse(organization));
            })
            .RequireAuthorization(Policies.For(Permissions.UsersManage))
            .WithSummary("The expiring-soon window (days) and the reminder ladder, e.g. \"30,7,0,-7\" (Admins).");
    }

    private static Task<Organization> LoadAsync(AppDb db, Actor actor, CancellationToken ct) =>
        db.Organizations.SingleAsync(o => o.Id == actor.OrganizationId, ct);

    private static OrganizationSettings ToResponse(Organization o) => new(o.ExpiringSoonDays, o.ReminderDays, o.TimeZone);
}
