using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Identity;

/// <summary>
/// Checks on every request that the token's or cookie's security stamp still matches the account:
/// disabling a user or resetting a password changes the stamp, so the very next request is refused.
/// </summary>
public sealed class SessionCheckMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AppDb db, IOptions<IdentityOptions> identity)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.UserId() is { } userId)
        {
            var stamp = context.User.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
            var current = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleOrDefaultAsync(context.RequestAborted);
            if (current is null || stamp != current)
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    await Problems.Of(401, Problems.SessionRevoked, "Your session has ended. Sign in again.").ExecuteAsync(context);
                    return;
                }
                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                context.Response.Redirect("/login?ReturnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return;
            }
        }
        await next(context);
    }
}
