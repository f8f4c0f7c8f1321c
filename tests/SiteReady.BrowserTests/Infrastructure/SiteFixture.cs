using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace SiteReady.BrowserTests.Infrastructure;

/// <summary>
/// The real app on Kestrel (loopback, free port, fresh SQLite data directory) and one headless Chromium,
/// shared by the tests of one class. Each test opens its own browser context, so cookies never mix.
/// </summary>
public class SiteFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    public const string OperatorEmail = "operator@siteready.test";
    public const string OperatorPassword = "operator password 2026";

    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private int _counter;

    public string BaseUrl { get; private set; } = "";
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "siteready-browser-tests", Guid.NewGuid().ToString("N"));
    public IBrowser Browser { get; private set; } = null!;
    public Mailbox Mailbox => new(Path.Combine(DataDirectory, "mail"));

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>The running app's services, for a test that drives background work by hand.</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>Extra configuration a fixture subclass wants (e.g. no background import runner).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var port = FreeLoopbackPort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["SiteReady:DataDirectory"] = DataDirectory,
            ["SiteReady:PublicUrl"] = BaseUrl,
            ["SiteReady:RateLimits:AuthPerMinute"] = "1000",
            ["SiteReady:Email:PollSeconds"] = "0.2",
            ["SiteReady:Operator:Email"] = OperatorEmail,
            ["SiteReady:Operator:Password"] = OperatorPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _factory.StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh browser profile (cookies, storage) pointed at the app; desktop size unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860, bool mobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            DeviceScaleFactor = mobile ? 2 : 1,
            Locale = "en-AU",
            TimezoneId = "Australia/Perth",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public string UniqueEmail(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}@example.test";

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Signs up an organisation through the API (for tests whose subject is elsewhere); returns its id and admin.</summary>
    public async Task<(Guid OrganizationId, Guid UserId, string Email)> SignUpThroughApiAsync(string kind, string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var email = UniqueEmail("admin");
        var response = await http.PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind, name, admin = new { email, firstName = "Olga", lastName = "Other", password = Password },
        });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (Guid.Parse(body["organizationId"]!.GetValue<string>()), Guid.Parse(body["userId"]!.GetValue<string>()), email);
    }

    /// <summary>An API client signed in with a bearer token, for setting the scene of a journey.</summary>
    public async Task<HttpClient> ApiClientAsync(string email, string password = Password)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The contractor asks the client to connect and the client accepts, through the API.</summary>
    public async Task ConnectThroughApiAsync((Guid OrganizationId, Guid UserId, string Email) contractor, (Guid OrganizationId, Guid UserId, string Email) client)
    {
        using var asking = await ApiClientAsync(contractor.Email);
        var asked = await asking.PostAsJsonAsync($"/api/v1/orgs/{contractor.OrganizationId}/clients", new { clientId = client.OrganizationId });
        asked.EnsureSuccessStatusCode();
        var connectionId = (await asked.Content.ReadFromJsonAsync<JsonObject>())!["connectionId"]!.GetValue<string>();
        using var accepting = await ApiClientAsync(client.Email);
        (await accepting.PostAsync($"/api/v1/orgs/{client.OrganizationId}/contractors/{connectionId}/accept", null)).EnsureSuccessStatusCode();
    }

    /// <summary>A location of the client, through the API; <paramref name="checkInMethod"/> is app, external or none.</summary>
    public async Task AddLocationThroughApiAsync((Guid OrganizationId, Guid UserId, string Email) client, string name, string checkInMethod)
    {
        using var http = await ApiClientAsync(client.Email);
        (await http.PostAsJsonAsync($"/api/v1/orgs/{client.OrganizationId}/locations",
            new { name, address = "1 Haul Road", timeZone = "Australia/Perth", checkInMethod })).EnsureSuccessStatusCode();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SiteReady.slnx"))) return dir.FullName;
        throw new InvalidOperationException("SiteReady.slnx not found above " + AppContext.BaseDirectory);
    }
}
