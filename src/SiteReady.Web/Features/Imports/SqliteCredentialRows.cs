using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Imports;

/// <summary>What the second pass writes, and where its progress goes.</summary>
public sealed record ImportWrite(
    Guid OrganizationId, Guid UserId, DateTimeOffset Now,
    ImportPlan<PlannedRow> Rows, ImportPlan<PlannedFile> Files, IReadOnlySet<Guid> Touched,
    int SkippedRows, ImportProgress.Live Live);

/// <summary>
/// R-K8, second pass on SQLite: the planned rows go in through INSERT statements prepared once and reused for
/// every row, inside the caller's transaction, with the values as EF stores them in this model
/// (<see cref="Data.SqliteAppDb"/>): ids as uppercase TEXT, dates as TEXT yyyy-MM-dd, instants as UTC ticks, enums by name.
/// A new credential's listings (R-K6) go in beside it, one per viewer of <see cref="ImportListings"/>, so nothing has to
/// find the new rows again to list them.
/// </summary>
public static class SqliteCredentialRows
{
    /// <summary>A prepared statement on the connection's own SQLite handle, inside whatever transaction it has open.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        public Statement(SqliteConnection connection, string sql)
        {
            _db = connection.Handle!;
            Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        }

        public Statement Bind(int index, Guid value)
        {
            Span<byte> text = stackalloc byte[36];
            value.TryFormat(text, out _, "D");
            for (var i = 0; i < text.Length; i++)
                if (text[i] is >= (byte)'a' and <= (byte)'f') text[i] -= 32; // uppercase, as EF stores ids
            Check(raw.sqlite3_bind_text(_statement, index, text));
            return this;
        }

        public Statement Bind(int index, Guid? value) => value is { } v ? Bind(index, v) : Null(index);

        public Statement Bind(int index, DateOnly? value)
        {
            if (value is not { } date) return Null(index);
            Span<byte> text = stackalloc byte[10];
            date.TryFormat(text, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Check(raw.sqlite3_bind_text(_statement, index, text));
            return this;
        }

        public Statement Bind(int index, string? value)
        {
            if (value is null) return Null(index);
            Check(raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
            return this;
        }

        public Statement Bind(int index, long value)
        {
            Check(raw.sqlite3_bind_int64(_statement, index, value));
            return this;
        }

        public void Run()
        {
            var result = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (result != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
        }

        public void Dispose() => _statement.Dispose();

        private Statement Null(int index)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return this;
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
        }
    }

    public static void Write(SqliteConnection connection, SqliteTransaction transaction, ImportWrite write, ImportListings listings, CancellationToken ct)
    {
        var organization = Text(write.OrganizationId);
        var user = Text(write.UserId);
        var now = write.Now.UtcTicks;

        // The inserts of every row use SQLite's own statement API, bound from stack buffers: no allocation
        // per value and less CPU than a Microsoft.Data.Sqlite command per row. The rest are ordinary commands.
        var written = 0;
        var listed = 0;
        using (var credential = new Statement(connection,
            """
            INSERT INTO "Credentials" ("Id", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "ArchivedAt", "CreatedAt",
                "CreatedByUserId", "LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval", "Version")
            VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL, ?6, ?7, 1, ?8, ?9, ?10, ?11, 0)
            """))
        using (var version = new Statement(connection,
            """
            INSERT INTO "CredentialVersions" ("Id", "CredentialId", "OrganizationId", "Number", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval",
                "RejectReason", "ReviewedByUserId", "ReviewedAt", "CreatedByUserId", "CreatedAt")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, NULL, NULL, ?9, ?10)
            """))
        using (var activity = new Statement(connection,
            """
            INSERT INTO "CredentialActivity" ("Id", "CredentialId", "OrganizationId", "VersionNumber", "At", "ByUserId", "Action", "Field", "From", "To")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL, NULL)
            """))
        using (var listing = new Statement(connection,
            """
            INSERT INTO "CredentialListings" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
                "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, 1, ?12)
            """))
        {
            // Bindings outlive each reset, so what every row shares is bound once.
            credential.Bind(2, write.OrganizationId).Bind(6, now).Bind(7, write.UserId);
            version.Bind(3, write.OrganizationId).Bind(9, write.UserId).Bind(10, now);
            activity.Bind(3, write.OrganizationId).Bind(5, now).Bind(6, write.UserId);
            listing.Bind(3, write.OrganizationId);
            foreach (var row in write.Rows.Read())
            {
                var approval = ImportListings.Name(row.Approval);
                var subject = ImportListings.Name(row.Subject);
                if (row.Kind == PlannedKind.NewCredential)
                {
                    credential.Bind(1, row.CredentialId).Bind(3, subject).Bind(4, row.WorkerId)
                        .Bind(5, row.TypeId).Bind(8, row.IssueOn).Bind(9, row.ExpiryOn).Bind(10, row.CredentialNumber).Bind(11, approval)
                        .Run();
                }
                version.Bind(1, row.VersionId).Bind(2, row.CredentialId).Bind(4, row.VersionNumber).Bind(5, row.IssueOn).Bind(6, row.ExpiryOn)
                    .Bind(7, row.CredentialNumber).Bind(8, approval)
                    .Run();
                activity.Bind(1, row.ActivityId).Bind(2, row.CredentialId).Bind(4, row.VersionNumber)
                    .Bind(7, row.Kind == PlannedKind.NewCredential ? "added" : "versionAdded")
                    .Run();

                if ((++written & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    write.Live.Processed(write.SkippedRows + written);
                }
            }

            // A new credential's listings after the rows, in the listings' key order (see ImportListings.InKeyOrder).
            foreach (var (viewerId, row) in listings.InKeyOrder(write.Rows.Read()))
            {
                listing.Bind(1, viewerId).Bind(2, row.CredentialId).Bind(4, ImportListings.Name(row.Subject))
                    .Bind(5, row.WorkerId).Bind(6, row.TypeId).Bind(7, ImportListings.Name(row.Approval)).Bind(8, row.IssueOn)
                    .Bind(9, row.ExpiryOn).Bind(10, ImportListings.ExpiresOn(row)).Bind(11, row.CredentialNumber)
                    .Bind(12, listings.FileNameOf(row.VersionId))
                    .Run();
                if ((++listed & 1023) == 0) ct.ThrowIfCancellationRequested();
            }
        }

        if (write.Files.Count > 0)
        {
            using var file = Prepare(connection, transaction,
                """
                INSERT INTO "CredentialFiles" ("Id", "VersionId", "OrganizationId", "FileName", "ContentType", "Size", "StorageKey", "Sha256")
                VALUES ($id, $version, $org, $name, $type, $size, $key, $sha)
                """, organization, user, now);
            var f = Parameters(file, "$id", "$version", "$name", "$type", "$size", "$key", "$sha");
            foreach (var planned in write.Files.Read())
            {
                f[0].Value = Text(planned.FileId);
                f[1].Value = Text(planned.VersionId);
                f[2].Value = planned.FileName;
                f[3].Value = planned.ContentType;
                f[4].Value = planned.Size;
                f[5].Value = planned.StorageKey;
                f[6].Value = planned.Sha256;
                file.ExecuteNonQuery();
            }
        }

        if (write.Touched.Count > 0)
        {
            // A credential keeps a copy of its latest version's details for lists (see Credential); refresh it where versions were added.
            using var latest = Prepare(connection, transaction,
                """
                UPDATE "Credentials" SET ("LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval") =
                    (SELECT v."Number", v."IssueOn", v."ExpiryOn", v."CredentialNumber", v."Approval" FROM "CredentialVersions" v
                     WHERE v."CredentialId" = "Credentials"."Id" ORDER BY v."Number" DESC LIMIT 1),
                    "Version" = "Version" + 1
                WHERE "Id" = $id
                """, organization, user, now);
            var id = Parameters(latest, "$id")[0];
            foreach (var credentialId in write.Touched)
            {
                id.Value = Text(credentialId);
                latest.ExecuteNonQuery();
            }
        }
        write.Live.Processed(write.SkippedRows + written);
    }

    /// <summary>
    /// Adds the listings <see cref="Write"/> wrote to their groups' counts, in the same transaction: a group that had
    /// none gets its row, any other its count raised. The groups are few beside the rows, one statement each.
    /// </summary>
    public static void Count(SqliteConnection connection, ImportListings listings, CancellationToken ct)
    {
        using var count = new Statement(connection,
            """
            INSERT INTO "CredentialListingCounts" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "Count")
            VALUES (?1, 0, ?2, ?3, ?4, ?5)
            ON CONFLICT ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn")
            DO UPDATE SET "Count" = "CredentialListingCounts"."Count" + excluded."Count"
            """);
        var done = 0;
        foreach (var (group, listed) in listings.Counts)
        {
            count.Bind(1, group.ViewerId).Bind(2, group.CredentialTypeId).Bind(3, ImportListings.Name(group.Approval)).Bind(4, group.ExpiresOn).Bind(5, listed)
                .Run();
            if ((++done & 1023) == 0) ct.ThrowIfCancellationRequested();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, string organization, string user, long now)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (sql.Contains("$org", StringComparison.Ordinal)) command.Parameters.AddWithValue("$org", organization);
        if (sql.Contains("$user", StringComparison.Ordinal)) command.Parameters.AddWithValue("$user", user);
        if (sql.Contains("$now", StringComparison.Ordinal)) command.Parameters.AddWithValue("$now", now);
        return command;
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names)
    {
        // Untyped: each value binds as what it is (text, integer or NULL).
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter(n, DBNull.Value))).ToArray();
        command.Prepare();
        return parameters;
    }

    /// <summary>A Guid as EF Core's SQLite provider stores it: uppercase text.</summary>
    public static string Text(Guid id) => string.Create(36, id, static (chars, value) =>
    {
        value.TryFormat(chars, out _, "D");
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is >= 'a' and <= 'f') chars[i] = (char)(chars[i] - 32);
    });
}
