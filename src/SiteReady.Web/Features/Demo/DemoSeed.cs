using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Platform.Identity;
using SiteReady.Domain;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Features.Network;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Storage;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Features.Demo;

/// <summary>
/// Development only, on an empty database: a client with sites, two contractors and their users,
/// workers in every invite status, open access requests and credentials in every status, created through the same use cases as
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

        await AddCredentialsAsync(acme, sparks, ct);

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

    /// <summary>Credentials in every status: pending, verified, not accepted, expired, expiring this month, archived.</summary>
    private async Task AddCredentialsAsync(SignUpResponse acme, SignUpResponse sparks, CancellationToken ct)
    {
        Guid inductionType;
        using (var scope = ActAs(acme, OrganizationKind.Client))
            inductionType = (await scope.ServiceProvider.GetRequiredService<CredentialTypes>().AddAsync(
                new CredentialTypeRequest("Acme site induction card", "ticket", "worker", true, true, false, false), ct)).Id;

        var reviews = new List<(Guid CredentialId, bool Approve)>();
        using (var scope = ActAs(sparks, OrganizationKind.Contractor))
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDb>();
            var manage = services.GetRequiredService<ManageCredential>();
            var spool = services.GetRequiredService<UploadSpool>();
            var today = Calendar.TodayIn("Australia/Perth", services.GetRequiredService<TimeProvider>().GetUtcNow());
            var types = await db.CredentialTypes.AsNoTracking().Where(t => t.IsShared || t.Id == inductionType).ToDictionaryAsync(t => t.Name, t => t.Id, ct);
            var workers = await (from w in db.Workers join u in db.Users on w.UserId equals u.Id select new { w.Id, u.Email }).ToDictionaryAsync(x => x.Email!, x => x.Id, ct);

            async Task<Guid> Add(string email, string type, int issuedDaysAgo, int expiresInDays, string number)
            {
                var pdf = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {type} {number}\n%%EOF\n");
                using var file = await spool.ReadAsync(new MemoryStream(pdf), $"{type} {number}.pdf", "files", ct);
                var credential = await manage.AddAsync(new CredentialForm(workers[email], null, types[type],
                    today.AddDays(-issuedDaysAgo), today.AddDays(expiresInDays), number, [file]), ct);
                return credential.Id;
            }

            await Add("alex@sparks.test", "Acme site induction card", 200, 165, "IND-1001");               // verified on upload
            reviews.Add((await Add("alex@sparks.test", "First aid certificate", 300, 65, "FA-22871"), true));
            await Add("alex@sparks.test", "Driver's licence", 900, 12, "DL-5582013");                      // pending, expiring this month
            reviews.Add((await Add("alex@sparks.test", "High-risk work licence", 400, 200, "HRW-0042"), false));
            await Add("ivan@sparks.test", "Working at heights", 800, -20, "WAH-311");                        // expired
            var archived = await Add("ines@sparks.test", "First aid certificate", 1200, -400, "FA-10001");
            await manage.ArchiveAsync(archived, archive: true, ct);
            await Add("sofia@sparks.test", "White card (construction induction)", 100, 3000, "WC-778812");  // pending review
        }

        // The operator's compliance team reviews two of them, when an operator admin is configured.
        using var review = scopes.CreateScope();
        var reviewDb = review.ServiceProvider.GetRequiredService<AppDb>();
        var operatorAdmin = await reviewDb.AnyOperatorAdminAsync(ct);
        if (operatorAdmin is null) return;
        var reviewer = review.ServiceProvider.GetRequiredService<Actor>();
        reviewer.UserId = operatorAdmin.Value;
        var decide = review.ServiceProvider.GetRequiredService<ReviewCredentials>();
        foreach (var (credentialId, approve) in reviews)
        {
            if (approve) await decide.ApproveAsync(credentialId, 1, ct);
            else await decide.RejectAsync(credentialId, 1, new RejectVersionRequest("The photo of the licence is too blurry to read the number."), ct);
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
