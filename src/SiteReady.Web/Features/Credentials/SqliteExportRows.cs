using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;

namespace SiteReady.Web.Features.Credentials;

/// <summary>One exported listing, as read from the database, before names are looked up.</summary>
public readonly record struct ExportRow(Guid? WorkerId, Guid TypeId, Guid CompanyId, string? Number, DateOnly? IssueOn, DateOnly? ExpiryOn,
    string? FileName, Approval Approval, bool IsArchived, int Version);

/// <summary>
/// The export's rows on SQLite, read with SQLite's statement API on the connection's own handle: through
/// <see cref="SqliteDataReader"/> each cell becomes a string before it is parsed, which costs more than the
/// rest of the export together at a million rows. The SQL and its parameters are the ones EF built; the
/// columns are those of <see cref="ExportCredentials.ExportedListing"/>, in that order (<see cref="SqliteStatements"/>).
/// </summary>
public static class SqliteExportRows
{
    public static IEnumerable<ExportRow> Read(SqliteConnection connection, DbCommand command, CancellationToken ct)
    {
        var statement = SqliteStatements.Prepare(connection, command);
        try
        {
            var rows = 0;
            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (++rows % 4096 == 0) ct.ThrowIfCancellationRequested();
                yield return new ExportRow(
                    SqliteStatements.IsNull(statement, 0) ? null : SqliteStatements.GuidAt(statement, 0),
                    SqliteStatements.GuidAt(statement, 1), SqliteStatements.GuidAt(statement, 2), SqliteStatements.TextAt(statement, 3),
                    SqliteStatements.DateAt(statement, 4), SqliteStatements.DateAt(statement, 5), SqliteStatements.TextAt(statement, 6),
                    ApprovalAt(statement, 7), raw.sqlite3_column_int(statement, 8) != 0, raw.sqlite3_column_int(statement, 9));
            }
            if (result != raw.SQLITE_DONE) SqliteStatements.Check(connection.Handle!, result);
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    private static Approval ApprovalAt(sqlite3_stmt statement, int column)
    {
        var text = raw.sqlite3_column_blob(statement, column);
        if (text.SequenceEqual("Verified"u8)) return Approval.Verified;
        if (text.SequenceEqual("Pending"u8)) return Approval.Pending;
        return Enum.Parse<Approval>(Encoding.UTF8.GetString(text));
    }
}
