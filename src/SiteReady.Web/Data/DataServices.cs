using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using SiteReady.Web.Platform;

namespace SiteReady.Web.Data;

public static class DataServices
{
    /// <summary><c>Database:Provider</c> = sqlite (default) | postgres; <c>ConnectionStrings:SiteReady</c>, or a file in the data directory.</summary>
    public static IServiceCollection AddSiteReadyData(this IServiceCollection services, IConfiguration configuration, SiteReadyPaths paths)
    {
        var provider = (configuration["Database:Provider"] ?? "sqlite").Trim().ToLowerInvariant();
        var connectionString = configuration.GetConnectionString("SiteReady");
        switch (provider)
        {
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Database:Provider is postgres but ConnectionStrings:SiteReady is not set.");
                services.AddDbContext<AppDb, PostgresAppDb>(o => o.UseNpgsql(PostgresConnectionString(connectionString)));
                break;
            case "sqlite":
                var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={paths.DatabaseFile}" : connectionString)
                {
                    // Microsoft.Data.Sqlite retries a busy database until the command timeout.
                    DefaultTimeout = 30,
                    Pooling = true,
                };
                services.AddDbContext<AppDb, SqliteAppDb>(o => o.UseSqlite(builder.ConnectionString).AddInterceptors(new SqlitePragmas()));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use sqlite or postgres.");
        }
        services.AddScoped<SchemaMigrator>();
        return services;
    }

    /// <summary>
    /// The configured PostgreSQL connection string, with two defaults for a server that answers many small queries
    /// (each is kept when the string sets it): statements the app runs again and again are prepared after a few uses
    /// (<c>Max Auto Prepare</c>), so the server plans a list page's query once instead of on every request; and a
    /// connection returned to the pool is not reset (<c>No Reset On Close</c>), since the app leaves no session state
    /// behind (its locks end with their transactions), which saves the server a DISCARD ALL between the queries of
    /// one request. See docs/decisions/0009-listings-in-list-order.md.
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        // Npgsql's builder answers every keyword it knows as present; the plain builder holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!written.Contains("MaxAutoPrepare")) builder.MaxAutoPrepare = 100;
        if (!written.Contains("NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Durable commits (synchronous=FULL in WAL mode), a busy timeout and foreign keys on every connection, set
    /// once per physical connection: a pooled connection keeps its handle, and its settings, between opens.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (!IsNew(connection, out var handle)) return;
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured.AddOrUpdate(handle, handle);
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (!IsNew(connection, out var handle)) return;
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured.AddOrUpdate(handle, handle);
        }

        private static bool IsNew(DbConnection connection, out object handle)
        {
            handle = ((SqliteConnection)connection).Handle!;
            return !Configured.TryGetValue(handle, out _);
        }
    }
}
