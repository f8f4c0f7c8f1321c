using Microsoft.Data.Sqlite;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Imports;

/// <summary>What the second pass writes, and where its progress goes.</summary>
public sealed record ImportWrite(
    Guid OrganizationId, Guid UserId, DateTimeOffset Now,
    ImportPlan<PlannedRow> Rows, ImportPlan<PlannedFile> Files, IReadOnlyCollection<Guid> Touched,
    int SkippedRows, ImportProgress.Live Live);

/// <summary>
/// R-K8, second pass on SQLite: the planned rows go in through prepared INSERT commands reused for every row,
/// inside the caller's transaction, with the values as EF stores them in this model (<see cref="Data.SqliteAppDb"/>):
/// ids as uppercase TEXT, dates as TEXT yyyy-MM-dd, instants as UTC ticks, enums by name.
/// </summary>
public static class SqliteCredentialRows
{
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, ImportWrite write, CancellationToken ct)
    {
        var organization = Text(write.OrganizationId);
        var user = Text(write.UserId);
        var now = write.Now.UtcTicks;

        using var credential = Prepare(connection, transaction,
            """
            INSERT INTO "Credentials" ("Id", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "ArchivedAt", "CreatedAt",
                "CreatedByUserId", "LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval", "Version")
            VALUES ($id, $org, $subject, $worker, $type, 0, NULL, $now, $user, 1, $issue, $expiry, $number, $approval, 0)
            """, organization, user, now);
        using var version = Prepare(connection, transaction,
            """
            INSERT INTO "CredentialVersions" ("Id", "CredentialId", "OrganizationId", "Number", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval",
                "RejectReason", "ReviewedByUserId", "ReviewedAt", "CreatedByUserId", "CreatedAt")
            VALUES ($id, $credential, $org, $n, $issue, $expiry, $number, $approval, NULL, NULL, NULL, $user, $now)
            """, organization, user, now);
        using var activity = Prepare(connection, transaction,
            """
            INSERT INTO "CredentialActivity" ("Id", "CredentialId", "OrganizationId", "VersionNumber", "At", "ByUserId", "Action", "Field", "From", "To")
            VALUES ($id, $credential, $org, $n, $now, $user, $action, NULL, NULL, NULL)
            """, organization, user, now);

        var c = Parameters(credential, "$id", "$subject", "$worker", "$type", "$issue", "$expiry", "$number", "$approval");
        var v = Parameters(version, "$id", "$credential", "$n", "$issue", "$expiry", "$number", "$approval");
        var a = Parameters(activity, "$id", "$credential", "$n", "$action");

        var written = 0;
        foreach (var row in write.Rows.Read())
        {
            var credentialId = Text(row.CredentialId);
            var issue = Date(row.IssueOn);
            var expiry = Date(row.ExpiryOn);
            var number = (object?)row.CredentialNumber ?? DBNull.Value;
            var approval = row.Approval.ToString();
            if (row.Kind == PlannedKind.NewCredential)
            {
                c[0].Value = credentialId;
                c[1].Value = row.Subject.ToString();
                c[2].Value = row.WorkerId is { } worker ? Text(worker) : DBNull.Value;
                c[3].Value = Text(row.TypeId);
                c[4].Value = issue;
                c[5].Value = expiry;
                c[6].Value = number;
                c[7].Value = approval;
                credential.ExecuteNonQuery();
            }
            v[0].Value = Text(row.VersionId);
            v[1].Value = credentialId;
            v[2].Value = row.VersionNumber;
            v[3].Value = issue;
            v[4].Value = expiry;
            v[5].Value = number;
            v[6].Value = approval;
            version.ExecuteNonQuery();
            a[0].Value = Text(row.ActivityId);
            a[1].Value = credentialId;
            a[2].Value = row.VersionNumber;
            a[3].Value = row.Kind == PlannedKind.NewCredential ? "added" : "versionAdded";
            activity.ExecuteNonQuery();

            if ((++written & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                write.Live.Processed(write.SkippedRows + written);
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

    private static object Date(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DBNull.Value;

    /// <summary>A Guid as EF Core's SQLite provider stores it: uppercase text.</summary>
    public static string Text(Guid id) => string.Create(36, id, static (chars, value) =>
    {
        value.TryFormat(chars, out _, "D");
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is >= 'a' and <= 'f') chars[i] = (char)(chars[i] - 32);
    });
}
