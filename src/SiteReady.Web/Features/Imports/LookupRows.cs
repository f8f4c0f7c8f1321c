using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;
using SiteReady.Web.Data;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// Reads what an import's rows resolve against (every worker, credential and version of the organisation: tens of
/// thousands of rows each) by plain SQL, the tenant filter written out, instead of EF queries: on SQLite with its
/// statement API (<see cref="SqliteStatements"/>), elsewhere with the data reader. The check cannot start before
/// these are in, so their speed is the check's, and EF would spend more on translating and materialising (the
/// first import after a start compiles each query) than the database spends on reading.
/// </summary>
public abstract class LookupRows
{
    public abstract bool IsNull(int column);
    public abstract Guid Guid(int column);
    public abstract string String(int column);
    public abstract int Int32(int column);
    public abstract bool Boolean(int column);
    public abstract DateOnly Date(int column);

    public Guid? NullableGuid(int column) => IsNull(column) ? null : Guid(column);
    public string? NullableString(int column) => IsNull(column) ? null : String(column);
    public DateOnly? NullableDate(int column) => IsNull(column) ? null : Date(column);

    /// <summary>
    /// Calls <paramref name="row"/> for each row of <paramref name="sql"/>, whose parameter <c>@organization</c> is the
    /// organisation the context acts for, as EF's tenant filter would have it (none: no rows).
    /// </summary>
    public static async Task ReadAsync(AppDb db, string sql, Action<LookupRows> row, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            var organization = command.CreateParameter();
            organization.ParameterName = "@organization";
            organization.Value = db.Tenant.OrganizationId is { } id ? id : DBNull.Value;
            command.Parameters.Add(organization);
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                ReadAll(sqlite, command, row, ct);
                return;
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            var fields = new Reader(reader);
            while (await reader.ReadAsync(ct)) row(fields);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>On SQLite, row by row with the statement API: no await per row, and compiled optimised at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadAll(SqliteConnection sqlite, DbCommand command, Action<LookupRows> row, CancellationToken ct)
    {
        var statement = SqliteStatements.Prepare(sqlite, command);
        try
        {
            var cells = new Sqlite(statement);
            var rows = 0;
            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (++rows % 4096 == 0) ct.ThrowIfCancellationRequested();
                row(cells);
            }
            SqliteStatements.Check(sqlite.Handle!, result);
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    private sealed class Sqlite(sqlite3_stmt statement) : LookupRows
    {
        public override bool IsNull(int column) => SqliteStatements.IsNull(statement, column);
        public override Guid Guid(int column) => SqliteStatements.GuidAt(statement, column);
        public override string String(int column) => SqliteStatements.TextAt(statement, column) ?? throw new InvalidCastException($"Column {column} is null.");
        public override int Int32(int column) => raw.sqlite3_column_int(statement, column);
        public override bool Boolean(int column) => raw.sqlite3_column_int(statement, column) != 0;
        public override DateOnly Date(int column) => SqliteStatements.DateAt(statement, column) ?? throw new InvalidCastException($"Column {column} is null.");
    }

    private sealed class Reader(DbDataReader reader) : LookupRows
    {
        public override bool IsNull(int column) => reader.IsDBNull(column);
        public override Guid Guid(int column) => reader.GetFieldValue<Guid>(column);
        public override string String(int column) => reader.GetString(column);
        public override int Int32(int column) => reader.GetInt32(column);
        public override bool Boolean(int column) => reader.GetBoolean(column);
        public override DateOnly Date(int column) => reader.GetFieldValue<DateOnly>(column);
    }
}
