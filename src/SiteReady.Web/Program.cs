using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using SiteReady.Web.Data;
using SiteReady.Web.Features.AccessRequests;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Features.Demo;
using SiteReady.Web.Features.Imports;
using SiteReady.Web.Features.Operator;
using SiteReady.Web.Features.Network;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Features.Users;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;
using SiteReady.Web.Platform.Storage;
using SiteReady.Web.Platform.Tenancy;

if (args.Length > 0 && args[0] == "schema-script")
{
    // Prints the CREATE script of the model for a provider, the starting point of a migration script.
    Console.Write(SchemaScript.For(args.Length > 1 ? args[1] : "sqlite"));
    return;
}

var builder = WebApplication.CreateBuilder(args);
var paths = new SiteReadyPaths(builder.Configuration);
builder.Services.AddSingleton(paths);
builder.Services.AddSingleton(TimeProvider.System);

// Data: SQLite by default, PostgreSQL at scale; tenancy and the actor are per request.
builder.Services.AddSiteReadyData(builder.Configuration, paths);
builder.Services.AddScoped<TenantContext>();
builder.Services.AddScoped<Actor>();
builder.Services.AddDataProtection().SetApplicationName("SiteReady").PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDirectory));

// Identity: cookies for pages, bearer tokens (with refresh) for /api.
builder.Services.AddIdentityCore<AppUser>(o =>
    {
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = 12;
        o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 1;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        o.Lockout.AllowedForNewUsers = true;
    })
    .AddSignInManager()
    .AddEntityFrameworkStores<AppDb>()
    .AddDefaultTokenProviders()
    .AddPasswordValidator<CommonPasswordValidator>();
// PBKDF2 work factor; the test suite lowers it so thousands of sign-ins stay fast.
builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = builder.Configuration.GetValue("SiteReady:PasswordHashIterations", 100_000));
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = "api-or-cookie";
        o.DefaultChallengeScheme = "api-or-cookie";
    })
    .AddPolicyScheme("api-or-cookie", "Bearer for /api, cookie for pages", o =>
        o.ForwardDefaultSelector = ctx => ctx.Request.Path.StartsWithSegments("/api") ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
    .AddBearerToken(IdentityConstants.BearerScheme, o =>
    {
        o.BearerTokenExpiration = TimeSpan.FromHours(1);
        o.RefreshTokenExpiration = TimeSpan.FromDays(14);
    })
    .AddIdentityCookies();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/login";
    o.LogoutPath = "/logout";
    o.AccessDeniedPath = "/error/403";
    o.Cookie.Name = "siteready";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    o.SlidingExpiration = true;
    o.ExpireTimeSpan = TimeSpan.FromHours(8);
    // A forbidden page answers 403 (shown by the /error/403 page), not a redirect that hides the status.
    o.Events.OnRedirectToAccessDenied = ctx =>
    {
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddScoped<IAuthorizationHandler, OrgPermissionHandler>();
builder.Services.AddScoped<IAuthorizationHandler, OperatorRoleHandler>();
builder.Services.AddScoped<People>();

// Sign-in, sign-up and reset are rate limited per client address (429 with Retry-After).
builder.Services.AddRateLimiter(o =>
{
    var perMinute = builder.Configuration.GetValue("SiteReady:RateLimits:AuthPerMinute", 20);
    o.AddPolicy(AccountEndpoints.AuthRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
        ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    o.OnRejected = async (ctx, ct) =>
    {
        var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        if (!HttpPipeline.IsApi(ctx.HttpContext))
        {
            // An empty 429 is re-executed as the friendly /error/429 page.
            ctx.HttpContext.Response.StatusCode = 429;
            return;
        }
        await Problems.Of(429, Problems.RateLimited, $"Too many attempts. Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds.").ExecuteAsync(ctx.HttpContext);
    };
});

// Email through the transactional outbox: .eml files by default, SMTP when a host is configured.
builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection("SiteReady:Email"));
builder.Services.AddSingleton<OutboxSignal>();
if (!string.IsNullOrWhiteSpace(builder.Configuration["SiteReady:Email:Smtp:Host"]))
    builder.Services.AddSingleton<IMailDelivery, SmtpDelivery>();
else
    builder.Services.AddSingleton<IMailDelivery, PickupDirectoryDelivery>();
builder.Services.AddSingleton<OutboxDispatcher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

// Uploaded files: on disk under the data directory by default, S3-compatible storage when configured.
builder.Services.AddFileStorage(builder.Configuration);

// HTTP conventions: problem details everywhere, camelCase JSON with string enums, OpenAPI, health.
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
{
    var status = ctx.ProblemDetails.Status ?? 500;
    if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
    {
        var code = Problems.CodeForStatus(status);
        ctx.ProblemDetails.Extensions["code"] = code;
        ctx.ProblemDetails.Type = Problems.TypePrefix + code;
        ctx.ProblemDetails.Title = Problems.TitleForStatus(status);
    }
    ctx.ProblemDetails.Extensions.Remove("exception");
    ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
});
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
});
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "SiteReady API";
    doc.Info.Description = "Contractor compliance and site access. Authenticate with POST /api/v1/auth/login and send `Authorization: Bearer <accessToken>`.";
    return Task.CompletedTask;
}));
builder.Services.AddHealthChecks()
    .AddDbContextCheck<AppDb>("database")
    .AddCheck<MigrationsAppliedCheck>("migrations");
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<AppLinks>();
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.AuthorizeFolder("/", Policies.Authenticated); // pages opt out with [AllowAnonymous]
});
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "siteready-xsrf";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Strict;
});

// Features.
builder.Services.AddAccounts();
builder.Services.AddOrganizationUsers();
builder.Services.AddNetwork();
builder.Services.AddWorkers();
builder.Services.AddAccessRequests();
builder.Services.AddCredentials();
builder.Services.AddCredentialImports();
builder.Services.AddScoped<OperatorBootstrap>();
builder.Services.AddScoped<AppShell>();
builder.Services.AddSingleton<DemoSeed>();

var app = builder.Build();

// API errors become problem details (ProblemExceptionHandler); a page's error re-executes as /error/500.
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", AllowStatusCode404Response = true });
app.UseSecurityHeaders();
if (app.Configuration.GetValue("SiteReady:Https:Enabled", false))
{
    app.UseHsts();
    app.UseHttpsRedirection();
}
app.UseStatusCodePagesForApiAndPages();
app.UseStaticFiles();
app.UseSwaggerUI(o =>
{
    o.RoutePrefix = "api/docs";
    o.SwaggerEndpoint("/openapi/v1.json", "SiteReady API v1");
    o.DocumentTitle = "SiteReady API";
});
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseMiddleware<SessionCheckMiddleware>();
app.UseAuthorization();

app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready").AllowAnonymous();

app.MapAccounts();
app.MapNotificationSettings();
app.MapOrganizationUsers();
app.MapNetwork();
app.MapWorkers();
app.MapAccessRequests();
app.MapCredentials();
app.MapCredentialImports();
app.MapOperator();
app.MapRazorPages();

await Startup.PrepareAsync(app);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses) Console.WriteLine($"SiteReady is running: open {address}/login  (API docs: {address}/api/docs)");
});
app.Run();

public partial class Program;
