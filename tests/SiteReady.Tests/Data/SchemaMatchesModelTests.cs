using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;

namespace SiteReady.Tests.Data;

/// <summary>
/// The hand-kept migration scripts and the EF model must describe the same schema, on the engine under
/// test (SITEREADY_TEST_PROVIDER): one database is built by the app's migrator, one from the model's
/// CREATE script, and their catalogues are compared.
/// </summary>
public class SchemaMatchesModelTests
{
    [Fact]
    public async Task The_migration_scripts_build_the_schema_the_model_describes()
    {
        await using var scripted = await TestDatabase.CreateAsync();
        await using var modelled = await TestDatabase.CreateAsync();
        var folder = await MigrateAsync(scripted);
        await CreateFromModelAsync(modelled);

        var fromModel = await SchemaSnapshot.ReadAsync(modelled.ProviderName, modelled.ConnectionString);
        var fromScripts = await SchemaSnapshot.ReadAsync(scripted.ProviderName, scripted.ConnectionString);

        // The snapshot must see every table of the model, or an empty comparison would prove nothing.
        await using (var db = SchemaScript.Create(modelled.ProviderName, modelled.ConnectionString))
        {
            var modelTables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(modelTables, fromModel.Facts.Where(f => f.StartsWith("table ", StringComparison.Ordinal)).Select(f => f["table ".Length..]));
        }
        var diff = SchemaSnapshot.Diff(fromModel, "the model", fromScripts, $"the {folder} migration scripts");
        if (diff.Length > 0)
            Assert.Fail($"The {folder} migration scripts do not build the schema of the model. Add a migration script for the change.{Environment.NewLine}{diff}");
    }

    [Fact]
    public async Task Running_the_migrator_twice_changes_nothing_and_records_each_script_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = await MigrateAsync(database);
        var once = await SchemaSnapshot.ReadAsync(database.ProviderName, database.ConnectionString);

        await MigrateAsync(database);
        var twice = await SchemaSnapshot.ReadAsync(database.ProviderName, database.ConnectionString);

        Assert.Equal("", SchemaSnapshot.Diff(once, "after one run", twice, "after two runs"));
        await using var db = SchemaScript.Create(database.ProviderName, database.ConnectionString);
        var recorded = await db.Database.SqlQueryRaw<string>("SELECT \"Version\" AS \"Value\" FROM \"__SchemaHistory\"").ToListAsync();
        Assert.Equal(SchemaMigrator.Scripts(folder).Select(s => s.Version), recorded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_comparison_reports_a_missing_index_and_an_extra_column()
    {
        await using var modelled = await TestDatabase.CreateAsync();
        await using var drifted = await TestDatabase.CreateAsync();
        await CreateFromModelAsync(modelled);
        await CreateFromModelAsync(drifted);
        // What a script that forgot an index and added an unmodelled column would leave behind.
        await ExecuteAsync(drifted, """
            DROP INDEX "IX_Invitations_UserId";
            ALTER TABLE "Organizations" ADD COLUMN "Notes" text NULL;
            """);

        var diff = SchemaSnapshot.Diff(
            await SchemaSnapshot.ReadAsync(modelled.ProviderName, modelled.ConnectionString), "the model",
            await SchemaSnapshot.ReadAsync(drifted.ProviderName, drifted.ConnectionString), "the scripts");

        var sections = diff.Split("Only in the scripts:");
        Assert.Equal(2, sections.Length);
        Assert.Contains("Invitations.IX_Invitations_UserId", sections[0]);
        Assert.DoesNotContain("Notes", sections[0]);
        Assert.Contains("Organizations.Notes", sections[1]);
        Assert.DoesNotContain("IX_Invitations_UserId", sections[1]);
    }

    /// <summary>Builds the database the way the app does at start-up; returns the script folder it used.</summary>
    private static async Task<string> MigrateAsync(TestDatabase database)
    {
        await using var db = SchemaScript.Create(database.ProviderName, database.ConnectionString);
        var migrator = new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance, TimeProvider.System);
        await migrator.MigrateAsync();
        return migrator.ProviderFolder;
    }

    private static async Task CreateFromModelAsync(TestDatabase database)
    {
        await using var db = SchemaScript.Create(database.ProviderName, database.ConnectionString);
        await ExecuteAsync(database, db.Database.GenerateCreateScript());
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using DbConnection connection = database.ProviderName == "postgres"
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
