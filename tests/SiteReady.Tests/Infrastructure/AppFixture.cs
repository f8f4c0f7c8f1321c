using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Email;

namespace SiteReady.Tests.Infrastructure;

/// <summary>
/// One app per test class on its own fresh database (SQLite file or PostgreSQL database), with a fake
/// clock. Tests seed their own organisations through the API.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    private TestDatabase? _database;
    private int _counter;

    public FakeClock Clock { get; } = new();
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    public TestDatabase Database => _database!;

    /// <summary>Extra configuration a fixture subclass wants (e.g. a tight rate limit).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database.ProviderName,
            ["ConnectionStrings:SiteReady"] = _database.ConnectionString,
            ["SiteReady:DataDirectory"] = _database.DataDirectory,
            ["SiteReady:PublicUrl"] = "http://siteready.test",
            ["SiteReady:RateLimits:AuthPerMinute"] = "100000",
            ["SiteReady:Email:PollSeconds"] = "0.2",
            ["SiteReady:PasswordHashIterations"] = "1000",
            ["SiteReady:Jobs:Enabled"] = "false", // tests run scheduled jobs by hand, with the fake clock
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        Factory.CreateClient().Dispose(); // start the app: migrations run now
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Null when start-up failed; the start-up error is the one worth reporting.
        if (Factory is not null) await Factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public string UniqueEmail(string prefix = "user") => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..8]}@example.test".ToLowerInvariant();

    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> read)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return await read(db);
    }

    /// <summary>Mail queued for an address, newest last (read from the outbox table, as the dispatcher would).</summary>
    public Task<List<OutboxMessage>> MailToAsync(string address) =>
        WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.ToAddress == address).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());

    public static string LinkIn(OutboxMessage message, string pathPrefix)
    {
        var match = Regex.Match(message.TextBody, "https?://[^\\s]+" + Regex.Escape(pathPrefix) + "[^\\s]+");
        return match.Success ? match.Value : throw new InvalidOperationException($"No {pathPrefix} link in: {message.TextBody}");
    }

    public static string TokenIn(OutboxMessage message) => LinkIn(message, "/invitations/").Split("/invitations/")[1];

    public async Task<HttpClient> LoginAsync(string email, string password = Password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        await Expect.Status(response, HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs up an organisation through the API and returns its admin, logged in.</summary>
    public async Task<TestOrg> SignUpAsync(string kind = "contractor", string? name = null)
    {
        var email = UniqueEmail("admin");
        name ??= $"{kind} {Guid.NewGuid():N}"[..20];
        var response = await Anonymous().PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind, name, admin = new { email, firstName = "Ada", lastName = "Admin", password = Password },
        });
        await Expect.Status(response, HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new TestOrg(this, Guid.Parse(body["organizationId"]!.GetValue<string>()), Guid.Parse(body["userId"]!.GetValue<string>()),
            name, email, await LoginAsync(email));
    }
}

public sealed record TestOrg(AppFixture App, Guid Id, Guid AdminId, string Name, string AdminEmail, HttpClient Admin)
{
    public string Api(string path = "") => $"/api/v1/orgs/{Id}{path}";

    /// <summary>Invites a user with a role, accepts the emailed invitation and returns them logged in.</summary>
    public async Task<(Guid UserId, string Email, HttpClient Client)> AddUserAsync(string role)
    {
        var email = App.UniqueEmail(role);
        var invited = await Admin.PostAsJsonAsync(Api("/users"), new { email, role });
        await Expect.Status(invited, HttpStatusCode.Created);
        var userId = Guid.Parse((await invited.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        var token = AppFixture.TokenIn((await App.MailToAsync(email)).Last());
        var accepted = await App.Anonymous().PostAsJsonAsync($"/api/v1/invitations/{token}/accept",
            new { firstName = "Una", lastName = role, password = AppFixture.Password });
        await Expect.Status(accepted, HttpStatusCode.OK);
        return (userId, email, await App.LoginAsync(email));
    }
}

public static class TestOrgNetwork
{
    /// <summary>This contractor asks the client to connect and the client accepts; returns the connection id.</summary>
    public static async Task<Guid> ConnectToClientAsync(this TestOrg contractor, TestOrg client)
    {
        var asked = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/clients"), new { clientId = client.Id }), HttpStatusCode.Created);
        var connectionId = Guid.Parse(asked["connectionId"]!.GetValue<string>());
        await Expect.Status(await client.Admin.PostAsync(client.Api($"/contractors/{connectionId}/accept"), null), HttpStatusCode.OK);
        return connectionId;
    }

    public static async Task<Guid> AddLocationAsync(this TestOrg client, string checkInMethod, string name = "Main gate")
    {
        var location = await Expect.Json(await client.Admin.PostAsJsonAsync(client.Api("/locations"),
            new { name, address = "1 Pit Road", timeZone = "Australia/Perth", checkInMethod }), HttpStatusCode.Created);
        return Guid.Parse(location["id"]!.GetValue<string>());
    }
}

public static class Expect
{
    /// <summary>Asserts the status and shows the body when it differs, so failures explain themselves.</summary>
    public static async Task Status(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 9457 problem with the stable code.</summary>
    public static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await Status(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, body["code"]?.GetValue<string>());
        Assert.EndsWith("/problems/" + code, body["type"]!.GetValue<string>());
        return body;
    }

    public static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        await Status(response, status);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<T> Json<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK) where T : JsonNode
    {
        await Status(response, status);
        return (T)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
