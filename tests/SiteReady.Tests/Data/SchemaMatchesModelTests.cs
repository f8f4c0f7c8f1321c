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
/// CREATE script, and their catalogues are compared. A script that rebuilds a table must also carry its rows over.
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

    [Fact]
    public async Task Upgrading_a_database_from_before_the_listings_were_stored_in_list_order_keeps_every_listing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var postgres = database.ProviderName == "postgres";
        // The database as the release before migration 0010 left it, scripts recorded as the migrator records them.
        await ExecuteAsync(database, postgres
            ? "CREATE TABLE \"__SchemaHistory\" (\"Version\" varchar(150) PRIMARY KEY, \"AppliedAt\" timestamptz NOT NULL);"
            : "CREATE TABLE \"__SchemaHistory\" (\"Version\" TEXT NOT NULL PRIMARY KEY, \"AppliedAt\" TEXT NOT NULL);");
        foreach (var (version, sql) in SchemaMigrator.Scripts(postgres ? "Postgres" : "Sqlite").Where(s => string.CompareOrdinal(s.Version, "0010") < 0))
        {
            await ExecuteAsync(database, sql);
            await ExecuteAsync(database, $"INSERT INTO \"__SchemaHistory\" VALUES ('{version}', {(postgres ? "now()" : "'2026-11-01T00:00:00Z'")});");
        }
        // What that release wrote: a contractor's company credentials, listed for the contractor and one for a client.
        var (contractor, client, type) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        string Id(Guid id) => postgres ? $"'{id}'" : $"'{id.ToString().ToUpperInvariant()}'";
        string Flag(bool value) => postgres ? (value ? "true" : "false") : (value ? "1" : "0");
        var at = postgres ? "now()" : "0";
        var credentials = new[] { (Id: Guid.CreateVersion7(), Expiry: "'2027-05-01'"), (Id: Guid.CreateVersion7(), Expiry: "NULL") };
        var listed = new[] { (contractor, credentials[0]), (client, credentials[0]), (contractor, credentials[1]) };
        await ExecuteAsync(database,
            $"""
             INSERT INTO "Organizations" ("Id", "Kind", "Name", "TimeZone", "ExpiringSoonDays", "CreatedAt", "Version")
             VALUES ({Id(contractor)}, 'Contractor', 'Acme Scaffolding', 'UTC', 30, {at}, 0), ({Id(client)}, 'Client', 'Pit Mining', 'UTC', 30, {at}, 0);
             INSERT INTO "CredentialTypes" ("Id", "OwnerOrganizationId", "IsShared", "Name", "Category", "Subject", "HasIssueDate", "HasExpiryDate",
                 "MediaRequired", "VerificationRequired", "CreatedAt", "Version")
             VALUES ({Id(type)}, {Id(contractor)}, {Flag(false)}, 'Public liability insurance', 'Insurance', 'Company', {Flag(true)}, {Flag(false)},
                 {Flag(true)}, {Flag(true)}, {at}, 0);
             INSERT INTO "Credentials" ("Id", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "CreatedAt", "CreatedByUserId",
                 "LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval", "Version")
             VALUES {string.Join(", ", credentials.Select(c =>
                 $"({Id(c.Id)}, {Id(contractor)}, 'Company', NULL, {Id(type)}, {Flag(false)}, {at}, {Id(Guid.CreateVersion7())}, 2, '2026-05-01', {c.Expiry}, 'P-1', 'Verified', 1)"))};
             INSERT INTO "CredentialListings" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived",
                 "Approval", "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName")
             VALUES {string.Join(", ", listed.Select(l =>
                 $"({Id(l.Item1)}, {Id(l.Item2.Id)}, {Id(contractor)}, 'Company', NULL, {Id(type)}, {Flag(false)}, 'Verified', '2026-05-01', " +
                 $"{l.Item2.Expiry}, {(l.Item2.Expiry == "NULL" ? "'9999-12-31'" : l.Item2.Expiry)}, 'P-1', 2, {(l.Item2.Expiry == "NULL" ? "NULL" : "'policy.pdf'")})"))};
             """);
        var before = await ListingsAsync(database);

        await MigrateAsync(database);

        Assert.Equal(3, before.Count);
        Assert.Equal(before, await ListingsAsync(database));
    }

    private static async Task<List<string>> ListingsAsync(TestDatabase database)
    {
        await using DbConnection connection = database.ProviderName == "postgres"
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM \"CredentialListings\" ORDER BY \"CredentialId\", \"ViewerId\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).OrderBy(reader.GetName, StringComparer.Ordinal)
                .Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")));
        return rows;
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
