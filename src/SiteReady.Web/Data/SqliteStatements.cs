using System.Buffers.Text;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SiteReady.Web.Data;

/// <summary>
/// A command EF built, run with SQLite's statement API on the connection's own handle, for reads of tens of
/// thousands of rows and more: through <see cref="SqliteDataReader"/> each cell becomes a string before it is
/// parsed, which costs more than the rest of such a read. Values are read as EF Core stores them on SQLite.
/// </summary>
public static class SqliteStatements
{
    /// <summary>The command's SQL, prepared, with its parameters bound; the caller finalizes it.</summary>
    public static sqlite3_stmt Prepare(SqliteConnection connection, DbCommand command)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, command.CommandText, out var statement));
        try
        {
            foreach (DbParameter parameter in command.Parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, parameter.ParameterName.StartsWith('@') ? parameter.ParameterName : "@" + parameter.ParameterName);
                if (index == 0) continue;
                Check(db, parameter.Value switch
                {
                    null or DBNull => raw.sqlite3_bind_null(statement, index),
                    // As EF Core stores them on SQLite: ids upper-case, dates yyyy-MM-dd, booleans 0/1.
                    Guid id => raw.sqlite3_bind_text(statement, index, id.ToString("D").ToUpperInvariant()),
                    DateOnly date => raw.sqlite3_bind_text(statement, index, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
                    int number => raw.sqlite3_bind_int64(statement, index, number),
                    long number => raw.sqlite3_bind_int64(statement, index, number),
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    var other => throw new NotSupportedException($"Parameter {parameter.ParameterName} is a {other.GetType().Name}."),
                });
            }
            return statement;
        }
        catch
        {
            raw.sqlite3_finalize(statement);
            throw;
        }
    }

    public static bool IsNull(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    public static Guid GuidAt(sqlite3_stmt statement, int column) =>
        Utf8Parser.TryParse(raw.sqlite3_column_blob(statement, column), out Guid id, out _, 'D') ? id : throw new FormatException($"Column {column} is not an id.");

    public static string? TextAt(sqlite3_stmt statement, int column) =>
        IsNull(statement, column) ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    public static DateOnly? DateAt(sqlite3_stmt statement, int column)
    {
        if (IsNull(statement, column)) return null;
        var text = raw.sqlite3_column_blob(statement, column);
        if (text.Length == 10 && Utf8Parser.TryParse(text[..4], out int year, out var y) && y == 4
            && Utf8Parser.TryParse(text.Slice(5, 2), out int month, out var m) && m == 2
            && Utf8Parser.TryParse(text.Slice(8, 2), out int day, out var d) && d == 2)
            return new DateOnly(year, month, day);
        throw new FormatException($"Column {column} is not a date.");
    }

    public static void Check(sqlite3 db, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result);
    }
}
