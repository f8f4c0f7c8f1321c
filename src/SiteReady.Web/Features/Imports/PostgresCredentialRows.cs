using Npgsql;
using SiteReady.Domain.Credentials;
using NpgsqlTypes;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// R-K8, second pass on PostgreSQL: one binary <c>COPY</c> per table (credentials, versions, activity, files)
/// inside the caller's transaction, each reading the plan from the start; the plan fixed every id, so the
/// passes agree. Parents go first, so the foreign keys hold row by row. Values are written without a
/// cancellation token (Npgsql would register one per value, which costs more than the COPY itself); the row
/// loops check it every thousand rows instead.
/// </summary>
public static class PostgresCredentialRows
{
    public static async Task WriteAsync(NpgsqlConnection connection, ImportWrite write, CancellationToken ct)
    {
        var rows = write.Rows.Count;
        var done = 0;
        void Progress()
        {
            if ((++done & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                write.Live.Processed(write.SkippedRows + done / 3); // three passes over the rows
            }
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "Credentials" ("Id", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "ArchivedAt", "CreatedAt",
                "CreatedByUserId", "LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval", "Version") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var row in write.Rows.Read())
            {
                Progress();
                if (row.Kind != PlannedKind.NewCredential) continue;
                await copy.StartRowAsync();
                await copy.WriteAsync(row.CredentialId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(write.OrganizationId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.Subject == CredentialSubject.Worker ? "Worker" : "Company", NpgsqlDbType.Varchar);
                await Nullable(copy, row.WorkerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.TypeId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteNullAsync();
                await copy.WriteAsync(write.Now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(write.UserId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await Nullable(copy, row.IssueOn, NpgsqlDbType.Date);
                await Nullable(copy, row.ExpiryOn, NpgsqlDbType.Date);
                await Text(copy, row.CredentialNumber);
                await copy.WriteAsync(row.Approval == Approval.Verified ? "Verified" : "Pending", NpgsqlDbType.Varchar);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "CredentialVersions" ("Id", "CredentialId", "OrganizationId", "Number", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval",
                "RejectReason", "ReviewedByUserId", "ReviewedAt", "CreatedByUserId", "CreatedAt") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var row in write.Rows.Read())
            {
                Progress();
                await copy.StartRowAsync();
                await copy.WriteAsync(row.VersionId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.CredentialId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(write.OrganizationId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.VersionNumber, NpgsqlDbType.Integer);
                await Nullable(copy, row.IssueOn, NpgsqlDbType.Date);
                await Nullable(copy, row.ExpiryOn, NpgsqlDbType.Date);
                await Text(copy, row.CredentialNumber);
                await copy.WriteAsync(row.Approval == Approval.Verified ? "Verified" : "Pending", NpgsqlDbType.Varchar);
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
                await copy.WriteAsync(write.UserId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(write.Now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "CredentialActivity" ("Id", "CredentialId", "OrganizationId", "VersionNumber", "At", "ByUserId", "Action", "Field", "From", "To")
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var row in write.Rows.Read())
            {
                Progress();
                await copy.StartRowAsync();
                await copy.WriteAsync(row.ActivityId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.CredentialId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(write.OrganizationId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.VersionNumber, NpgsqlDbType.Integer);
                await copy.WriteAsync(write.Now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(write.UserId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.Kind == PlannedKind.NewCredential ? "added" : "versionAdded", NpgsqlDbType.Varchar);
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
            }
            await copy.CompleteAsync(ct);
        }

        if (write.Files.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "CredentialFiles" ("Id", "VersionId", "OrganizationId", "FileName", "ContentType", "Size", "StorageKey", "Sha256") FROM STDIN (FORMAT BINARY)
                """, ct);
            foreach (var file in write.Files.Read())
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(file.FileId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(file.VersionId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(write.OrganizationId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(file.FileName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(file.ContentType, NpgsqlDbType.Varchar);
                await copy.WriteAsync(file.Size, NpgsqlDbType.Bigint);
                await copy.WriteAsync(file.StorageKey, NpgsqlDbType.Varchar);
                await copy.WriteAsync(file.Sha256, NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync(ct);
        }

        if (write.Touched.Count > 0)
        {
            // A credential keeps a copy of its latest version's details for lists (see Credential); refresh it where versions were added.
            await using var latest = new NpgsqlCommand(
                """
                UPDATE "Credentials" c SET "LatestVersionNumber" = v."Number", "IssueOn" = v."IssueOn", "ExpiryOn" = v."ExpiryOn",
                    "CredentialNumber" = v."CredentialNumber", "Approval" = v."Approval", "Version" = c."Version" + 1
                FROM (SELECT DISTINCT ON ("CredentialId") "CredentialId", "Number", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval"
                      FROM "CredentialVersions" WHERE "CredentialId" = ANY(@ids) ORDER BY "CredentialId", "Number" DESC) v
                WHERE c."Id" = v."CredentialId"
                """, connection);
            latest.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, write.Touched.ToArray());
            await latest.ExecuteNonQueryAsync(ct);
        }
        write.Live.Processed(write.SkippedRows + rows);
    }

    private static Task Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type) : copy.WriteNullAsync();

    private static Task Text(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Varchar);
}
