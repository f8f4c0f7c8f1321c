using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Platform.Identity;
using SiteReady.Web.Features.Network;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Features.Demo;

/// <summary>
/// Development only, on an empty database: a client with sites, two contractors and their users,
/// workers in every invite status and open access requests, created through the same use cases as
/// the API. Later features add their own demo rows here.
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
        var acme = await AddOrganizationAsync("client", "Acme Mining", "Australia/Perth", "admin@acme.test", "Alice", "Nguyen", logins,
            [("manager@acme.test", "Marcus", "Reid", Role.Manager), ("viewer@acme.test", "Vera", "Ostrowski", Role.Viewer)], ct);
        var sparks = await AddOrganizationAsync("contractor", "Sparks Electrical", "Australia/Perth", "admin@sparks.test", "Sam", "Patel", logins,
            [("manager@sparks.test", "Mia", "Kowalski", Role.Manager)], ct);
        var hilltop = await AddOrganizationAsync("contractor", "Hilltop Haulage", "Australia/Brisbane", "admin@hilltop.test", "Harry", "Jones", logins, [], ct);
        await AddNetworkAndWorkersAsync(acme, sparks, hilltop, logins, ct);
        log.LogInformation("Seeded demo data");
        return logins;
    }

    /// <summary>Sites, connections, workers in every invite status and open access requests.</summary>
    private async Task AddNetworkAndWorkersAsync(SignUpResponse acme, SignUpResponse sparks, SignUpResponse hilltop, List<DemoLogin> logins, CancellationToken ct)
    {
        Guid pit, plant;
        using (var scope = ActAs(acme, OrganizationKind.Client))
        {
            var locations = scope.ServiceProvider.GetRequiredService<Locations>();
            pit = (await locations.AddAsync(new LocationRequest("Pit 3 – North gate", "Pit 3 Road, Kalgoorlie WA", "Australia/Perth", "app"), ct)).Id;
            plant = (await locations.AddAsync(new LocationRequest("Processing plant", "1 Refinery Way, Kalgoorlie WA", "Australia/Perth", "external"), ct)).Id;
            await locations.AddAsync(new LocationRequest("Head office", "200 St Georges Tce, Perth WA", "Australia/Perth", "none"), ct);
        }
        using (var scope = ActAs(sparks, OrganizationKind.Contractor))
            await scope.ServiceProvider.GetRequiredService<Connections>().RequestAsync(acme.OrganizationId, "clientId", ct);
        using (var scope = ActAs(acme, OrganizationKind.Client))
        {
            var connections = scope.ServiceProvider.GetRequiredService<Connections>();
            await connections.RequestAsync(sparks.OrganizationId, "contractorId", ct); // accepts Sparks' request
            await connections.RequestAsync(hilltop.OrganizationId, "contractorId", ct); // Hilltop has yet to accept
        }

        using (var scope = ActAs(sparks, OrganizationKind.Contractor))
        {
            var services = scope.ServiceProvider;
            var add = services.GetRequiredService<AddWorker>();
            var manage = services.GetRequiredService<ManageWorker>();
            var mobile = 61400001000L;
            async Task<WorkerResponse> Add(string first, string last, string email, string mode, Guid? location) =>
                await add.HandleAsync(new AddWorkerRequest(first, last, email, $"+{++mobile}", mode,
                    [new ClientConnectionChoice(acme.OrganizationId, location is { } l ? [l] : [])]), ct);

            await Add("Ivan", "Initial", "ivan@sparks.test", "employerManaged", plant);          // External site only: Initial
            await Add("Ines", "Invited", "ines@sparks.test", "employerManaged", pit);            // App site: Invited
            await Add("Sofia", "Self", "sofia@sparks.test", "selfManaged", null);               // all sites: Invited, self-managed
            var active = await Add("Alex", "Active", "alex@sparks.test", "employerManaged", pit);
            var gone = await Add("Dana", "Disabled", "dana@sparks.test", "employerManaged", pit);

            // Activation normally happens through the emailed link; here the workers get the demo password.
            var db = services.GetRequiredService<AppDb>();
            var people = services.GetRequiredService<People>();
            var clock = services.GetRequiredService<TimeProvider>();
            foreach (var id in new[] { active.Id, gone.Id })
            {
                var worker = await db.Workers.SingleAsync(w => w.Id == id, ct);
                var person = await db.Users.SingleAsync(u => u.Id == worker.UserId, ct);
                await people.SetPasswordAsync(person, Password);
                worker.Activate(clock.GetUtcNow());
            }
            await db.SaveChangesAsync(ct);
            await manage.DisableAsync(gone.Id, ct);
            logins.Add(new DemoLogin("Sparks Electrical", "Worker", "alex@sparks.test"));
        }

        using (var scope = scopes.CreateScope())
        {
            var register = scope.ServiceProvider.GetRequiredService<Register>();
            await register.HandleAsync(new RegisterRequest("riley@example.test", "Riley", "Brooks", Password, "+61400005555", sparks.OrganizationId, "worker"), ct);
        }
        using (var scope = scopes.CreateScope())
        {
            var register = scope.ServiceProvider.GetRequiredService<Register>();
            await register.HandleAsync(new RegisterRequest("morgan@example.test", "Morgan", "Lee", Password, null, sparks.OrganizationId, "manager"), ct);
        }
        using (var scope = scopes.CreateScope())
        {
            var register = scope.ServiceProvider.GetRequiredService<Register>();
            await register.HandleAsync(new RegisterRequest("casey@example.test", "Casey", "Ford", Password, null, acme.OrganizationId, "viewer"), ct);
        }
    }

    /// <summary>A scope acting as an organisation's first admin, as the authorization handler would set it up.</summary>
    private IServiceScope ActAs(SignUpResponse organization, OrganizationKind kind)
    {
        var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(organization.OrganizationId);
        var actor = scope.ServiceProvider.GetRequiredService<Actor>();
        actor.UserId = organization.UserId;
        actor.OrganizationId = organization.OrganizationId;
        actor.Role = Role.Admin;
        actor.OrganizationKind = kind;
        return scope;
    }

    private async Task<SignUpResponse> AddOrganizationAsync(string kind, string name, string timeZone, string adminEmail, string first, string last,
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
        return created;
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
                    if (app.Configuration["SiteReady:Operator:Email"] is { Length: > 0 } op)
                        Console.WriteLine($"  {Operator.OperatorBootstrap.OperatorName,-20} {"Operator",-8} {op} (password: SiteReady:Operator:Password)");
                });
        }
    }
}
