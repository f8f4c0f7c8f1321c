using System.Data.Common;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;

namespace SiteReady.Bench;

/// <summary>
/// The seeded network the credential benchmarks share within one run (seeding a million credentials
/// once, not per benchmark): the app started on it and the client's admin signed in.
/// <c>--rows N</c> live credentials the client sees (default 1,000,000), <c>--workers N</c> (default 50,000),
/// <c>--keep-db NAME</c> keeps the seeded database under that name and reuses it on the next run.
/// </summary>
public sealed class NetworkFixture
{
    public const string ClientName = "Bench Client Mining";
    public const string ClientAdminEmail = "admin@client.bench.test";

    private static readonly Dictionary<string, Task<NetworkFixture>> Shared = [];

    private NetworkFixture(BenchDatabase database, BenchHost host, NetworkSeed.Network network, HttpClient clientAdmin)
    {
        Database = database;
        Host = host;
        Network = network;
        ClientAdmin = clientAdmin;
    }

    public BenchDatabase Database { get; }
    public BenchHost Host { get; }
    public NetworkSeed.Network Network { get; }
    /// <summary>The client's admin, signed in with a bearer token.</summary>
    public HttpClient ClientAdmin { get; }

    public string Api(string path) => $"/api/v1/orgs/{Network.ClientId}{path}";

    public static Task<NetworkFixture> GetAsync(BenchContext context)
    {
        lock (Shared)
        {
            if (!Shared.TryGetValue(context.Provider, out var fixture))
                Shared[context.Provider] = fixture = CreateAsync(context);
            return fixture;
        }
    }

    private static async Task<NetworkFixture> CreateAsync(BenchContext context)
    {
        var rows = context.Int("rows", 1_000_000);
        var workers = context.Int("workers", 50_000);
        var database = await BenchDatabase.CreateAsync(context, context.Option("keep-db") is { } keep ? $"{keep}_{context.Provider}_{rows}" : null);
        // Dropped on exit, and on a crash too (which skips ProcessExit): a seeded database takes gigabytes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var host = BenchHost.Start(database);
        var saved = Path.Combine(database.DataDirectory, "network.json");

        NetworkSeed.Network network;
        if (database.Reused && File.Exists(saved))
        {
            network = JsonSerializer.Deserialize<NetworkSeed.Network>(await File.ReadAllTextAsync(saved))!;
            Console.WriteLine($"  reusing the seeded network in {database.PostgresName ?? database.DataDirectory}");
        }
        else
        {
            var (clientId, adminId) = await host.SignUpAsync("client", ClientName, ClientAdminEmail);
            var now = DateTimeOffset.UtcNow;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Australia/Perth")).DateTime);
            var seed = new NetworkSeed(rows, workers, now, today);
            var clock = Stopwatch.StartNew();
            Console.WriteLine($"  seeding {rows:N0} live credentials and {workers:N0} workers ({database.Provider}) …");
            var catalogue = await CatalogueAsync(database);
            await using (ISeedWriter writer = database.IsPostgres
                             ? await PostgresSeedWriter.OpenAsync(database.ConnectionString)
                             : await SqliteSeedWriter.OpenAsync(database.ConnectionString))
                network = await seed.WriteAsync(writer, clientId, adminId, catalogue, step => Console.WriteLine($"    {step}"));
            // The seed bypassed the app, so the lists' table and its counts are built the way the app builds them from scratch.
            await using (var scope = host.Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                db.Database.SetCommandTimeout(TimeSpan.Zero);
                await db.Database.OpenConnectionAsync();
                // On SQLite the app's 2 MB page cache would make filling six indexes of two million rows take minutes;
                // the connection is dropped from the pool afterwards, so the app never sees these settings.
                if (!database.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-262144; PRAGMA synchronous=OFF;");
                // Filling the table first and building its indexes after is several times faster than filling indexed tables.
                var indexes = await db.Database.SqlQueryRaw<string>(database.IsPostgres
                    ? "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'CredentialListings' AND indexname <> 'PK_CredentialListings'"
                    : "SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'CredentialListings' AND sql IS NOT NULL").ToListAsync();
                foreach (var drop in indexes.Select(DropIndex).ToList())
                    await db.Database.ExecuteSqlRawAsync(drop);
                await Listings.RebuildAsync(db);
                foreach (var index in indexes) await db.Database.ExecuteSqlRawAsync(index);
                if (db.Database.GetDbConnection() is SqliteConnection sqlite) SqliteConnection.ClearPool(sqlite);
                await db.Database.CloseConnectionAsync();
            }
            Console.WriteLine($"    credential listings rebuilt in {clock.Elapsed.TotalSeconds:N1} s");
            await AfterLoadAsync(database);
            Console.WriteLine($"  seeded in {clock.Elapsed.TotalSeconds:N0} s");
            ReturnFreedMemory();
            await File.WriteAllTextAsync(saved, JsonSerializer.Serialize(network));
        }
        return new NetworkFixture(database, host, network, await host.LoginAsync(ClientAdminEmail));
    }

    // "CREATE [UNIQUE] INDEX "Name" ON …" → DROP INDEX "Name"
    private static string DropIndex(string createIndex) => $"DROP INDEX \"{createIndex.Split('"')[1]}\"";

    private static async Task<List<NetworkSeed.CatalogueType>> CatalogueAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id", "Name", "Subject", "HasExpiryDate" FROM "CredentialTypes" WHERE "IsShared" """ + (database.IsPostgres ? "" : "= 1");
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<NetworkSeed.CatalogueType>();
        while (await reader.ReadAsync())
            types.Add(new NetworkSeed.CatalogueType(reader.GetGuid(0), reader.GetString(1), Enum.Parse<CredentialSubject>(reader.GetString(2)), reader.GetBoolean(3)));
        if (types.Count == 0) throw new InvalidOperationException("The operator's catalogue is missing: the app creates it at start-up.");
        return types;
    }

    /// <summary>
    /// PostgreSQL: what autovacuum would do soon after a bulk load (statistics, visibility map). SQLite:
    /// a checkpoint, and no ANALYZE, since the app never runs one.
    /// </summary>
    private static async Task AfterLoadAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = database.IsPostgres ? "VACUUM ANALYZE" : "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The seed's page caches are freed but stay resident in the C allocator; handing them back keeps the
    /// process's resident size, which the export bench reports, about the app rather than the seed.
    /// </summary>
    private static void ReturnFreedMemory()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try { MallocTrim(0); } catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>A plain connection for baselines (the same database the app uses).</summary>
    public Task<DbConnection> OpenRawAsync() => Database.OpenAsync();
}
