using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Data;

/// <summary>The model's CREATE script per provider: the first migration script was generated from it, and the schema test compares against it.</summary>
public static class SchemaScript
{
    public static string For(string provider)
    {
        using var db = Create(provider, provider == "postgres" ? "Host=127.0.0.1" : "Data Source=:memory:");
        return db.Database.GenerateCreateScript();
    }

    public static AppDb Create(string provider, string connectionString) => provider switch
    {
        "postgres" => new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql(connectionString).Options, new TenantContext(), new OutboxSignal()),
        "sqlite" => new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite(connectionString).Options, new TenantContext(), new OutboxSignal()),
        _ => throw new ArgumentException($"Unknown provider {provider}", nameof(provider)),
    };
}

/// <summary>Readiness: the database answers and every migration script of this build is applied.</summary>
public sealed class MigrationsAppliedCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().IsUpToDateAsync(ct)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Schema migrations are not all applied.");
    }
}
