using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Platform.Identity;
using SiteReady.Web.Platform;

namespace SiteReady.Web.Features.Demo;

/// <summary>
/// Development only, on an empty database: a client, two contractors and their users, created through
/// the same use cases as the API. Later features add their own demo rows here.
/// </summary>
public sealed class DemoSeed(IServiceScopeFactory scopes, ILogger<DemoSeed> log)
{
    public const string Password = "demo-password-2026";

    public sealed record DemoLogin(string Organization, string Role, string Email);

    public async Task<IReadOnlyList<DemoLogin>> SeedIfEmptyAsync(CancellationToken ct)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            if (await db.Organizations.AnyAsync(o => o.Kind != OrganizationKind.Operator, ct)) return [];
        }

        var logins = new List<DemoLogin>();
        await AddOrganizationAsync("client", "Acme Mining", "Australia/Perth", "admin@acme.test", "Alice", "Nguyen", logins,
            [("manager@acme.test", "Marcus", "Reid", Role.Manager), ("viewer@acme.test", "Vera", "Ostrowski", Role.Viewer)], ct);
        await AddOrganizationAsync("contractor", "Sparks Electrical", "Australia/Perth", "admin@sparks.test", "Sam", "Patel", logins,
            [("manager@sparks.test", "Mia", "Kowalski", Role.Manager)], ct);
        await AddOrganizationAsync("contractor", "Hilltop Haulage", "Australia/Brisbane", "admin@hilltop.test", "Harry", "Jones", logins, [], ct);
        log.LogInformation("Seeded demo data");
        return logins;
    }

    private async Task AddOrganizationAsync(string kind, string name, string timeZone, string adminEmail, string first, string last,
        List<DemoLogin> logins, (string Email, string First, string Last, Role Role)[] others, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var created = await services.GetRequiredService<SignUpOrganization>().HandleAsync(
            new SignUpRequest(kind, name, new SignUpAdmin(adminEmail, first, last, Password), timeZone), ct);
        logins.Add(new DemoLogin(name, "Admin", adminEmail));

        var db = services.GetRequiredService<AppDb>();
        var people = services.GetRequiredService<People>();
        foreach (var other in others)
        {
            var user = people.New(other.Email, other.First, other.Last);
            await people.SetPasswordAsync(user, Password);
            var membership = new Membership(Ids.New(services.GetRequiredService<TimeProvider>()), created.OrganizationId, user.Id, other.Role, MembershipStatus.Active, user.CreatedAt);
            membership.Activate(user.CreatedAt);
            db.Memberships.Add(membership);
            logins.Add(new DemoLogin(name, other.Role.ToString(), other.Email));
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Start-up work before the app takes requests: schema, operator account, demo data.</summary>
public static class Startup
{
    public static async Task PrepareAsync(WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<Operator.OperatorBootstrap>().EnsureAsync(default);
        }
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("SiteReady:SeedDemoData", true))
        {
            var logins = await app.Services.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(default);
            if (logins.Count > 0)
                app.Lifetime.ApplicationStarted.Register(() =>
                {
                    Console.WriteLine($"Demo data created. Log in with any of these (password: {DemoSeed.Password}):");
                    foreach (var l in logins) Console.WriteLine($"  {l.Organization,-20} {l.Role,-8} {l.Email}");
                });
        }
    }
}
