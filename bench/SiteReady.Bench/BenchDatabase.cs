using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SiteReady.Web.Data;

namespace SiteReady.Bench;

/// <summary>
/// A database for one benchmark run: a SQLite file in a temporary folder, or a new database on the
/// PostgreSQL server named by SITEREADY_BENCH_PG (bench/run.sh starts a private one). Dropped on dispose
/// unless it was given by name to be kept (<c>--keep-db</c>, for repeated runs while tuning).
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly bool _keep;

    private BenchDatabase(string provider, string connectionString, string directory, string? postgresAdmin, string? postgresName, bool keep)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = directory;
        PostgresName = postgresName;
        _postgresAdmin = postgresAdmin;
        _keep = keep;
    }

    public string Provider { get; }
    public bool IsPostgres => Provider == "postgres";
    public string ConnectionString { get; }
    /// <summary>The app's data directory (keys, mail, files; the SQLite file).</summary>
    public string DataDirectory { get; }
    public string? PostgresName { get; }
    /// <summary>True when an existing database was reopened (it may hold a seeded network already).</summary>
    public bool Reused { get; private set; }

    /// <param name="keepAs">A name to create the database under and keep after the run, or reopen when it exists.</param>
    public static async Task<BenchDatabase> CreateAsync(BenchContext context, string? keepAs = null)
    {
        var keep = keepAs is not null;
        var name = keepAs ?? "bench_" + Guid.NewGuid().ToString("N")[..12];
        var directory = Path.Combine(Path.GetTempPath(), "siteready-bench", name);
        var existed = Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        if (context.Provider == "sqlite")
        {
            var file = Path.Combine(directory, "bench.db");
            return new BenchDatabase("sqlite", $"Data Source={file}", directory, null, null, keep) { Reused = keep && existed && File.Exists(file) };
        }
        if (context.Provider != "postgres") throw new InvalidOperationException($"Unknown provider {context.Provider}: use sqlite or postgres.");

        var admin = context.PostgresAdmin
            ?? throw new InvalidOperationException("SITEREADY_BENCH_PG is not set: run the PostgreSQL benchmarks through bench/run.sh, which starts a private server.");
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        bool exists;
        await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection))
        {
            check.Parameters.AddWithValue("name", name);
            exists = (bool)(await check.ExecuteScalarAsync())!;
        }
        if (!exists)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new BenchDatabase("postgres", builder.ConnectionString, directory, admin, name, keep) { Reused = exists };
    }

    /// <summary>
    /// A plain ADO.NET connection to the database, opened, with the settings the app uses: the pragmas it sets on
    /// SQLite, and on PostgreSQL its connection string defaults (statements prepared after a few uses).
    /// </summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(DataServices.PostgresConnectionString(ConnectionString))
            : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        if (!IsPostgres)
        {
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
            await pragmas.ExecuteNonQueryAsync();
        }
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_keep) return;
        if (IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{PostgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
