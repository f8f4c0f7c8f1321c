using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SiteReady.Tests.Data;

/// <summary>
/// What a database's schema is, as one sorted line per fact: tables, columns (type, nullability, default),
/// indexes (columns, uniqueness, filter), primary, unique, foreign and check constraints, and SQLite tables
/// stored WITHOUT ROWID. Read from the engine's own catalogue, so two databases built differently can be
/// compared line by line.
/// The migrator's <c>__SchemaHistory</c> table is not part of the model and is left out.
/// </summary>
public sealed partial class SchemaSnapshot(IReadOnlyList<string> facts)
{
    public IReadOnlyList<string> Facts { get; } = facts;

    private const string History = "__SchemaHistory";

    public static async Task<SchemaSnapshot> ReadAsync(string provider, string connectionString) => provider switch
    {
        "sqlite" => await ReadSqliteAsync(connectionString),
        "postgres" => await ReadPostgresAsync(connectionString),
        _ => throw new ArgumentException($"Unknown provider {provider}", nameof(provider)),
    };

    /// <summary>Empty when both hold the same facts, else a readable list of what each side has alone.</summary>
    public static string Diff(SchemaSnapshot expected, string expectedName, SchemaSnapshot actual, string actualName)
    {
        var missing = expected.Facts.Except(actual.Facts, StringComparer.Ordinal).ToList();
        var extra = actual.Facts.Except(expected.Facts, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && extra.Count == 0) return "";
        var lines = new List<string>();
        if (missing.Count > 0) lines.Add($"Only in {expectedName}:");
        lines.AddRange(missing.Select(f => "  - " + f));
        if (extra.Count > 0) lines.Add($"Only in {actualName}:");
        lines.AddRange(extra.Select(f => "  + " + f));
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<SchemaSnapshot> ReadSqliteAsync(string connectionString)
    {
        var facts = new List<string>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();

        var tables = await QueryAsync(connection,
            $"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '{History}' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));
        foreach (var (table, sql) in tables)
        {
            facts.Add($"table {table}");
            if (WithoutRowId().IsMatch(sql)) facts.Add($"storage {table} without rowid");
            var columns = await QueryAsync(connection,
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($t) ORDER BY cid",
                r => (Name: r.GetString(0), Type: r.GetString(1).ToUpperInvariant(), NotNull: r.GetInt64(2) == 1,
                      Default: r.IsDBNull(3) ? null : r.GetString(3), Pk: r.GetInt64(4)), ("$t", table));
            facts.AddRange(columns.Select(c => Column(table, c.Name, c.Type, !c.NotNull, c.Default)));

            var key = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            if (key.Count > 0)
                facts.Add($"primary key {table} ({string.Join(", ", key)})" + (AutoIncrement().IsMatch(sql) ? " autoincrement" : ""));

            var indexes = await QueryAsync(connection,
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list($t) WHERE origin <> 'pk'",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) == 1, Origin: r.GetString(2), Partial: r.GetInt64(3) == 1), ("$t", table));
            foreach (var index in indexes)
            {
                var keyColumns = await QueryAsync(connection,
                    "SELECT name, \"desc\" FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno",
                    r => (r.IsDBNull(0) ? "<expression>" : r.GetString(0)) + (r.GetInt64(1) == 1 ? " DESC" : ""), ("$i", index.Name));
                var filter = "";
                if (index.Partial)
                {
                    var indexSql = await QueryAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $i",
                        r => r.GetString(0), ("$i", index.Name));
                    filter = " WHERE " + Normalize(indexSql.Single()[(indexSql.Single().LastIndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) + 7)..]);
                }
                var kind = index.Origin == "u" ? "unique constraint" : index.Unique ? "unique index" : "index";
                facts.Add($"{kind} {table}.{index.Name} ({string.Join(", ", keyColumns)}){filter}");
            }

            var foreignKeys = await QueryAsync(connection,
                "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($t) ORDER BY id, seq",
                r => (Id: r.GetInt64(0), Target: r.GetString(2), From: r.GetString(3), To: r.IsDBNull(4) ? "" : r.GetString(4),
                      OnUpdate: r.GetString(5), OnDelete: r.GetString(6)), ("$t", table));
            foreach (var fk in foreignKeys.GroupBy(f => f.Id))
            {
                var first = fk.First();
                facts.Add($"foreign key {table} ({string.Join(", ", fk.Select(f => f.From))}) references {first.Target} " +
                          $"({string.Join(", ", fk.Select(f => f.To))}) on delete {first.OnDelete} on update {first.OnUpdate}");
            }

            foreach (Match check in CheckConstraint().Matches(sql))
                facts.Add($"check {table}.{check.Groups[1].Value}");
        }
        facts.Sort(StringComparer.Ordinal);
        return new SchemaSnapshot(facts);
    }

    private static async Task<SchemaSnapshot> ReadPostgresAsync(string connectionString)
    {
        var facts = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string userSchemas = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

        facts.AddRange(await QueryAsync(connection,
            $"""
             SELECT table_schema, table_name FROM information_schema.tables
             WHERE table_schema {userSchemas} AND table_type = 'BASE TABLE' AND table_name <> '{History}'
             """,
            r => $"table {Qualified(r.GetString(0), r.GetString(1))}"));

        // format_type gives the declared type with its length or precision, e.g. character varying(100).
        facts.AddRange(await QueryAsync(connection,
            $"""
             SELECT c.table_schema, c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod),
                    c.is_nullable = 'YES', c.column_default, c.is_identity = 'YES', c.identity_generation, c.is_generated, c.generation_expression
             FROM information_schema.columns c
             JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
             JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
             WHERE c.table_schema {userSchemas} AND c.table_name <> '{History}'
             """,
            r => Column(Qualified(r.GetString(0), r.GetString(1)), r.GetString(2), r.GetString(3), r.GetBoolean(4),
                        r.IsDBNull(5) ? null : r.GetString(5))
                 + (r.GetBoolean(6) ? $" identity {r.GetString(7)}" : "")
                 + (r.GetString(8) == "ALWAYS" ? $" generated {r.GetString(9)}" : "")));

        // indexdef is the server's own normal form: uniqueness, method, columns with order, filter.
        facts.AddRange(await QueryAsync(connection,
            $"SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname {userSchemas} AND tablename <> '{History}'",
            r => $"index {Qualified(r.GetString(0), r.GetString(1))}.{r.GetString(2)}: {r.GetString(3).Replace("public.", "", StringComparison.Ordinal)}"));

        // Constraints by name and definition; NOT NULL is already part of each column.
        facts.AddRange(await QueryAsync(connection,
            $"""
             SELECT tc.table_schema, tc.table_name, tc.constraint_type, tc.constraint_name, pg_get_constraintdef(pc.oid)
             FROM information_schema.table_constraints tc
             JOIN pg_constraint pc ON pc.conname = tc.constraint_name
              AND pc.conrelid = format('%I.%I', tc.table_schema, tc.table_name)::regclass
             WHERE tc.table_schema {userSchemas} AND tc.table_name <> '{History}'
               AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK') AND pc.contype IN ('p', 'u', 'f', 'c')
             """,
            r => $"{r.GetString(2).ToLowerInvariant()} {Qualified(r.GetString(0), r.GetString(1))}.{r.GetString(3)}: {r.GetString(4)}"));

        facts.Sort(StringComparer.Ordinal);
        return new SchemaSnapshot(facts);
    }

    private static string Column(string table, string name, string type, bool nullable, string? defaultValue) =>
        $"column {table}.{name} {type} {(nullable ? "NULL" : "NOT NULL")}" + (defaultValue is null ? "" : $" DEFAULT {defaultValue}");

    private static string Qualified(string schema, string table) => schema == "public" ? table : $"{schema}.{table}";

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim();

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }

    [GeneratedRegex(@"\bAUTOINCREMENT\b", RegexOptions.IgnoreCase)]
    private static partial Regex AutoIncrement();

    [GeneratedRegex(@"CONSTRAINT\s+""([^""]+)""\s+CHECK\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CheckConstraint();

    [GeneratedRegex(@"\)\s*WITHOUT\s+ROWID\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WithoutRowId();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
