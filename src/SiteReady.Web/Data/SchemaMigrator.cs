using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SiteReady.Web.Data;

/// <summary>
/// Applies the versioned SQL scripts of the current provider (Data/Migrations/{Sqlite|Postgres}/NNNN_name.sql)
/// in order, each in its own transaction, recording them in <c>__SchemaHistory</c>. Safe to run from
/// several instances at once: PostgreSQL takes an advisory lock, SQLite an immediate (write) transaction.
/// </summary>
public sealed class SchemaMigrator(AppDb db, ILogger<SchemaMigrator> log, TimeProvider clock)
{
    private const long AdvisoryLockKey = 0x5173_5265_6164;

    public bool IsPostgres => db.Database.IsNpgsql();
    public string ProviderFolder => IsPostgres ? "Postgres" : "Sqlite";

    public static IReadOnlyList<(string Version, string Sql)> Scripts(string providerFolder)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"migrations/{providerFolder}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (Path.GetFileNameWithoutExtension(n), reader.ReadToEnd());
            })
            .ToList();
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (!IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.ExecuteSqlRawAsync(
            IsPostgres
                ? "CREATE TABLE IF NOT EXISTS \"__SchemaHistory\" (\"Version\" varchar(150) PRIMARY KEY, \"AppliedAt\" timestamptz NOT NULL);"
                : "CREATE TABLE IF NOT EXISTS \"__SchemaHistory\" (\"Version\" TEXT NOT NULL PRIMARY KEY, \"AppliedAt\" TEXT NOT NULL);", ct);

        foreach (var (version, sql) in Scripts(ProviderFolder))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (IsPostgres)
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", ct);
            var applied = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__SchemaHistory\" WHERE \"Version\" = {0}", version).SingleAsync(ct);
            if (applied > 0) continue;
            log.LogInformation("Applying schema migration {Version}", version);
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                command.Transaction = tx.GetDbTransaction();
                command.CommandText = sql;
                // A script that fills a new table from a large one may take minutes; none is cut off.
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(ct);
            }
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__SchemaHistory\" (\"Version\", \"AppliedAt\") VALUES ({0}, {1})",
                [version, IsPostgres ? clock.GetUtcNow() : clock.GetUtcNow().ToString("O")], ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Readiness: every script of this build has been applied.</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken ct = default)
    {
        try
        {
            var applied = await db.Database.SqlQueryRaw<string>("SELECT \"Version\" AS \"Value\" FROM \"__SchemaHistory\"").ToListAsync(ct);
            return Scripts(ProviderFolder).All(s => applied.Contains(s.Version));
        }
        catch (DbException)
        {
            return false;
        }
    }
}
