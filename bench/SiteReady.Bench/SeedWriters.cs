using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace SiteReady.Bench;

/// <summary>How a column is stored; each writer maps it the way EF does on its engine.</summary>
public enum Col { Uuid, Text, Int, Long, Bool, Instant, Date, UuidList }

public sealed record Table(string Name, params (string Name, Col Type)[] Columns);

/// <summary>Writes rows table by table, as fast as the engine takes them.</summary>
public interface ISeedWriter : IAsyncDisposable
{
    Task BeginAsync(Table table);
    void Row(params object?[] values);
    Task EndAsync();
    Task CommitAsync();
}

/// <summary>
/// SQLite: one transaction, one prepared INSERT per table reused for every row. Values as EF's SQLite
/// provider stores them: Guid as upper-case TEXT, DateTimeOffset as UTC ticks (the app's converter),
/// DateOnly as yyyy-MM-dd TEXT, bool as 0/1, enums as their names, a List&lt;Guid&gt; as a JSON array.
/// </summary>
public sealed class SqliteSeedWriter : ISeedWriter
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private SqliteCommand? _insert;
    private Table? _table;

    private SqliteSeedWriter(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
    }

    public static async Task<SqliteSeedWriter> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragmas = connection.CreateCommand())
        {
            // A bench database is rebuilt, not recovered: no syncs while loading, a large page cache.
            pragmas.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-400000; PRAGMA temp_store=MEMORY;";
            await pragmas.ExecuteNonQueryAsync();
        }
        return new SqliteSeedWriter(connection);
    }

    public Task BeginAsync(Table table)
    {
        _table = table;
        _insert = _connection.CreateCommand();
        _insert.Transaction = _transaction;
        var names = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        var values = string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"));
        _insert.CommandText = $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({values})";
        for (var i = 0; i < table.Columns.Length; i++) _insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
        _insert.Prepare();
        return Task.CompletedTask;
    }

    public void Row(params object?[] values)
    {
        var columns = _table!.Columns;
        for (var i = 0; i < columns.Length; i++) _insert!.Parameters[i].Value = Convert(columns[i].Type, values[i]);
        _insert!.ExecuteNonQuery();
    }

    private static object Convert(Col type, object? value) => value switch
    {
        null => DBNull.Value,
        _ => type switch
        {
            Col.Uuid => ((Guid)value).ToString().ToUpperInvariant(),
            Col.Instant => ((DateTimeOffset)value).UtcTicks,
            Col.Date => ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Col.Bool => (bool)value ? 1L : 0L,
            Col.UuidList => "[" + string.Join(",", ((Guid[])value).Select(g => $"\"{g}\"")) + "]",
            Col.Text => value is Enum ? value.ToString()! : value,
            _ => value,
        },
    };

    public Task EndAsync()
    {
        _insert?.Dispose();
        _insert = null;
        return Task.CompletedTask;
    }

    public Task CommitAsync() => _transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>
/// PostgreSQL: binary COPY per table, with the referential triggers off for the load (the rows are
/// consistent by construction); the types the migration scripts declare.
/// </summary>
public sealed class PostgresSeedWriter : ISeedWriter
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlBinaryImporter? _copy;
    private Table? _table;

    private PostgresSeedWriter(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresSeedWriter> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SET session_replication_role = replica", connection))
            await command.ExecuteNonQueryAsync();
        return new PostgresSeedWriter(connection);
    }

    public async Task BeginAsync(Table table)
    {
        _table = table;
        var names = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        _copy = await _connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)");
    }

    public void Row(params object?[] values)
    {
        var copy = _copy!;
        var columns = _table!.Columns;
        copy.StartRow();
        for (var i = 0; i < columns.Length; i++)
        {
            var value = values[i];
            if (value is null)
            {
                copy.WriteNull();
                continue;
            }
            switch (columns[i].Type)
            {
                case Col.Uuid: copy.Write((Guid)value, NpgsqlDbType.Uuid); break;
                case Col.Text: copy.Write(value is Enum ? value.ToString()! : (string)value, NpgsqlDbType.Varchar); break;
                case Col.Int: copy.Write((int)value, NpgsqlDbType.Integer); break;
                case Col.Long: copy.Write((long)value, NpgsqlDbType.Bigint); break;
                case Col.Bool: copy.Write((bool)value, NpgsqlDbType.Boolean); break;
                case Col.Instant: copy.Write(((DateTimeOffset)value).UtcDateTime, NpgsqlDbType.TimestampTz); break;
                case Col.Date: copy.Write((DateOnly)value, NpgsqlDbType.Date); break;
                case Col.UuidList: copy.Write((Guid[])value, NpgsqlDbType.Array | NpgsqlDbType.Uuid); break;
            }
        }
    }

    public async Task EndAsync()
    {
        if (_copy is null) return;
        await _copy.CompleteAsync();
        await _copy.DisposeAsync();
        _copy = null;
    }

    public async Task CommitAsync()
    {
        await using var command = new NpgsqlCommand("SET session_replication_role = DEFAULT", _connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

/// <summary>Deterministic UUIDv7 (time-ordered, as the app's <c>Guid.CreateVersion7(now)</c>) from a seeded generator.</summary>
public static class SeedIds
{
    public static Guid V7(DateTimeOffset at, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    public static string Hex(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append("0123456789abcdef"[random.Next(16)]);
        return builder.ToString();
    }
}
