using Npgsql;

namespace SiteReady.Tests.Infrastructure;

/// <summary>
/// A fresh database for one test class on the engine chosen by SITEREADY_TEST_PROVIDER (sqlite | postgres).
/// PostgreSQL tests need SITEREADY_TEST_PG, a connection string to a server where databases can be created
/// (./test.sh starts a private cluster and sets it).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string Provider => (Environment.GetEnvironmentVariable("SITEREADY_TEST_PROVIDER") ?? "sqlite").ToLowerInvariant();

    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string directory, string? postgresName)
    {
        ProviderName = provider;
        ConnectionString = connectionString;
        DataDirectory = directory;
        _postgresName = postgresName;
    }

    public string ProviderName { get; }
    public string ConnectionString { get; }
    public string DataDirectory { get; }

    public static async Task<TestDatabase> CreateAsync(string? provider = null)
    {
        provider ??= Provider;
        var directory = Path.Combine(Path.GetTempPath(), "siteready-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (provider == "sqlite")
            return new TestDatabase("sqlite", $"Data Source={Path.Combine(directory, "test.db")}", directory, null);

        var admin = Environment.GetEnvironmentVariable("SITEREADY_TEST_PG")
            ?? throw new InvalidOperationException("SITEREADY_TEST_PG is not set: run the PostgreSQL suite through ./test.sh, which starts a private server.");
        var name = "sr_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase("postgres", builder.ConnectionString, directory, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            var admin = Environment.GetEnvironmentVariable("SITEREADY_TEST_PG")!;
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
