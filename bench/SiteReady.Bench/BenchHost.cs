using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SiteReady.Web.Data;

namespace SiteReady.Bench;

// The app's Program and this project's top-level Program share a name; the factory only needs a type
// from the app's assembly to find its entry point.
using WebEntry = SiteReady.Web.Data.SchemaMigrator;

/// <summary>
/// The whole app (Program.cs as it ships) on a bench database, served by an in-memory TestServer, as
/// the integration tests host it. Two additions, both outside the app's code: a first middleware that
/// times each request from entry to the last byte written ("server time"), and a command interceptor
/// that records the SQL a request runs so a benchmark can replay it with plain ADO.NET as its baseline.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string Password = "bench-password-2026";

    private readonly RequestRecorder _recorder = new();

    private BenchHost(BenchDatabase database)
    {
        Database = database;
        UseAppContentRoot();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["ConnectionStrings:SiteReady"] = database.ConnectionString,
            ["SiteReady:DataDirectory"] = database.DataDirectory,
            ["SiteReady:PublicUrl"] = "http://siteready.bench",
            ["SiteReady:RateLimits:AuthPerMinute"] = "100000",
            // No expiry reminders: on a seeded million credentials the first sweep would queue and send
            // thousands of emails while the requests are being timed.
            ["SiteReady:Jobs:Enabled"] = "false",
            // Quiet: request and lifetime logs on the console would be part of what is timed.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        Factory = new WebApplicationFactory<WebEntry>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureServices(s =>
            {
                s.AddSingleton(_recorder);
                s.AddSingleton<IStartupFilter>(new TimingStartupFilter(_recorder));
                // The options type is the provider's subclass the app registers (AddDbContext<AppDb, SqliteAppDb|PostgresAppDb>).
                if (database.IsPostgres) s.ConfigureDbContext<PostgresAppDb>(o => o.AddInterceptors(new SqlRecorder(_recorder)));
                else s.ConfigureDbContext<SqliteAppDb>(o => o.AddInterceptors(new SqlRecorder(_recorder)));
            });
        });
    }

    public BenchDatabase Database { get; }

    /// <summary>
    /// The factory finds the app's folder through MvcTestingAppManifest.json only in the current directory
    /// (dotnet test runs in bin/); the bench runs from anywhere, so it names the folder itself.
    /// </summary>
    private static void UseAppContentRoot()
    {
        const string variable = "ASPNETCORE_TEST_CONTENTROOT_SITEREADY_WEB";
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 }) return;
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")))!.AsObject();
        var root = manifest.Single(e => e.Key.StartsWith("SiteReady.Web,", StringComparison.Ordinal)).Value!.GetValue<string>();
        Environment.SetEnvironmentVariable(variable, root);
    }

    public WebApplicationFactory<WebEntry> Factory { get; }

    /// <summary>Server time and SQL of the most recent request.</summary>
    public RequestLog LastRequest => _recorder.Last ?? throw new InvalidOperationException("No request has been recorded yet.");

    /// <summary>Starts the app: the migrator creates the schema and the operator's catalogue at start-up.</summary>
    public static BenchHost Start(BenchDatabase database)
    {
        var host = new BenchHost(database);
        host.Factory.CreateClient().Dispose();
        return host;
    }

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Signs an organisation up through the API; returns its id and admin's user id.</summary>
    public async Task<(Guid OrganizationId, Guid UserId)> SignUpAsync(string kind, string name, string email)
    {
        using var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/organizations/signup", new
        {
            kind, name, timeZone = "Australia/Perth", admin = new { email, firstName = "Bea", lastName = "Bench", password = Password },
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-up failed: {(int)response.StatusCode} {body}");
        var json = JsonNode.Parse(body)!;
        return (Guid.Parse(json["organizationId"]!.GetValue<string>()), Guid.Parse(json["userId"]!.GetValue<string>()));
    }

    /// <summary>A client signed in with a bearer token, as an API user would be.</summary>
    public async Task<HttpClient> LoginAsync(string email)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Login failed: {(int)response.StatusCode} {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(body)!["accessToken"]!.GetValue<string>());
        return client;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>One command as the app sent it, replayable on a plain connection.</summary>
    public sealed record RecordedCommand(string Sql, IReadOnlyList<DbParameter> Parameters)
    {
        public DbCommand On(DbConnection connection)
        {
            var command = connection.CreateCommand();
            command.CommandText = Sql;
            foreach (var p in Parameters) command.Parameters.Add(Copy(p));
            return command;
        }

        public static DbParameter Copy(DbParameter p) => p switch
        {
            NpgsqlParameter n => n.Clone(),
            // Not Size: an unset size reads as 0, and a size of 0 set explicitly truncates text to nothing.
            SqliteParameter s => new SqliteParameter(s.ParameterName, s.Value ?? DBNull.Value) { SqliteType = s.SqliteType },
            _ => throw new NotSupportedException(p.GetType().Name),
        };
    }

    public sealed class RequestLog
    {
        public TimeSpan ServerTime { get; set; }
        /// <summary>Time spent executing commands until their readers were returned (not reading rows).</summary>
        public TimeSpan SqlTime { get; set; }
        public List<RecordedCommand> Commands { get; } = [];
    }

    public sealed class RequestRecorder
    {
        internal readonly AsyncLocal<RequestLog?> Current = new();
        public RequestLog? Last { get; internal set; }
    }

    private sealed class TimingStartupFilter(RequestRecorder recorder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var log = new RequestLog();
                recorder.Current.Value = log;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await nextMiddleware(context);
                    await context.Response.CompleteAsync();
                }
                finally
                {
                    log.ServerTime = Stopwatch.GetElapsedTime(started);
                    recorder.Current.Value = null;
                    recorder.Last = log;
                }
            });
            next(app);
        };
    }

    /// <summary>Records the SQL run inside a timed request (not the app's background work).</summary>
    private sealed class SqlRecorder(RequestRecorder recorder) : DbCommandInterceptor
    {
        private void Record(DbCommand command)
        {
            if (recorder.Current.Value is not { } log) return;
            log.Commands.Add(new RecordedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(RecordedCommand.Copy).ToList()));
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (recorder.Current.Value is { } log) log.SqlTime += eventData.Duration;
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }
    }
}

/// <summary>Replays recorded SQL on a plain connection, reading every column of every row.</summary>
public static class Replay
{
    public static async Task<long> RunAsync(DbConnection connection, IEnumerable<BenchHost.RecordedCommand> commands)
    {
        long rows = 0;
        foreach (var recorded in commands)
        {
            await using var command = recorded.On(connection);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.Default);
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows++;
            }
        }
        return rows;
    }
}
