using System.Buffers.Text;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Credentials;

/// <summary>One exported listing, as read from the database, before names are looked up.</summary>
public readonly record struct ExportRow(Guid? WorkerId, Guid TypeId, Guid CompanyId, string? Number, DateOnly? IssueOn, DateOnly? ExpiryOn,
    string? FileName, Approval Approval, bool IsArchived, int Version);

/// <summary>
/// The export's rows on SQLite, read with SQLite's statement API on the connection's own handle: through
/// <see cref="SqliteDataReader"/> each cell becomes a string before it is parsed, which costs more than the
/// rest of the export together at a million rows. The SQL and its parameters are the ones EF built; the
/// columns are those of <see cref="ExportCredentials.ExportedListing"/>, in that order.
/// </summary>
public static class SqliteExportRows
{
    public static IEnumerable<ExportRow> Read(SqliteConnection connection, DbCommand command, CancellationToken ct)
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
                    var other => throw new NotSupportedException($"Export parameter {parameter.ParameterName} is a {other.GetType().Name}."),
                });
            }
            var rows = 0;
            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (++rows % 4096 == 0) ct.ThrowIfCancellationRequested();
                yield return new ExportRow(
                    raw.sqlite3_column_type(statement, 0) == raw.SQLITE_NULL ? null : GuidAt(statement, 0),
                    GuidAt(statement, 1), GuidAt(statement, 2), TextAt(statement, 3), DateAt(statement, 4), DateAt(statement, 5), TextAt(statement, 6),
                    ApprovalAt(statement, 7), raw.sqlite3_column_int(statement, 8) != 0, raw.sqlite3_column_int(statement, 9));
            }
            if (result != raw.SQLITE_DONE) Check(db, result);
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    private static Guid GuidAt(sqlite3_stmt statement, int column) =>
        Utf8Parser.TryParse(raw.sqlite3_column_blob(statement, column), out Guid id, out _, 'D') ? id : throw new FormatException($"Column {column} is not an id.");

    private static string? TextAt(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    private static DateOnly? DateAt(sqlite3_stmt statement, int column)
    {
        if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL) return null;
        var text = raw.sqlite3_column_blob(statement, column);
        if (text.Length == 10 && Utf8Parser.TryParse(text[..4], out int year, out var y) && y == 4
            && Utf8Parser.TryParse(text.Slice(5, 2), out int month, out var m) && m == 2
            && Utf8Parser.TryParse(text.Slice(8, 2), out int day, out var d) && d == 2)
            return new DateOnly(year, month, day);
        throw new FormatException($"Column {column} is not a date.");
    }

    private static Approval ApprovalAt(sqlite3_stmt statement, int column)
    {
        var text = raw.sqlite3_column_blob(statement, column);
        if (text.SequenceEqual("Verified"u8)) return Approval.Verified;
        if (text.SequenceEqual("Pending"u8)) return Approval.Pending;
        return Enum.Parse<Approval>(Encoding.UTF8.GetString(text));
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result);
    }
}
