using System.Globalization;
using Npgsql;
using SiteReady.Domain.Credentials;
using NpgsqlTypes;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// R-K8, second pass on PostgreSQL: one binary <c>COPY</c> per table (credentials, their listings, versions,
/// activity, files) inside the caller's transaction, each reading the plan from the start; the plan fixed every
/// id, so the passes agree. Parents go first, so the foreign keys hold row by row. The listings (R-K6) are a new
/// credential's rows for each viewer of <see cref="ImportListings"/>, so nothing has to find the new rows again to
/// list them. Values are written without a
/// cancellation token (Npgsql would register one per value, which costs more than the COPY itself); the row
/// loops check it every thousand rows instead.
/// </summary>
public static class PostgresCredentialRows
{
    public static async Task WriteAsync(NpgsqlConnection connection, ImportWrite write, ImportListings listings, CancellationToken ct)
    {
        var rows = write.Rows.Count;
        var done = 0;
        void Progress()
        {
            if ((++done & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                write.Live.Processed(write.SkippedRows + done / 4); // four passes over the rows
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
                await copy.WriteAsync(ImportListings.Name(row.Subject), NpgsqlDbType.Varchar);
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
                await copy.WriteAsync(ImportListings.Name(row.Approval), NpgsqlDbType.Varchar);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "CredentialListings" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
                "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            // In the listings' key order (see ImportListings.InKeyOrder), which keeps the inserts into their indexes together.
            foreach (var (viewerId, row) in listings.InKeyOrder(write.Rows.Read()))
            {
                if (viewerId == write.OrganizationId) Progress(); // once per credential, as the other passes count rows
                // Never (9999-12-31) as a date: Npgsql would send DateOnly.MaxValue as 'infinity', but not the midnight that starts it.
                await ListingAsync(copy, viewerId, write.OrganizationId, row, ImportListings.ExpiresOn(row).ToDateTime(TimeOnly.MinValue),
                    listings.FileNameOf(row.VersionId));
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
                await copy.WriteAsync(ImportListings.Name(row.Approval), NpgsqlDbType.Varchar);
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

    private static async Task ListingAsync(NpgsqlBinaryImporter copy, Guid viewerId, Guid organizationId, PlannedRow row, DateTime expiresOn, string? fileName)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(viewerId, NpgsqlDbType.Uuid);
        await copy.WriteAsync(row.CredentialId, NpgsqlDbType.Uuid);
        await copy.WriteAsync(organizationId, NpgsqlDbType.Uuid);
        await copy.WriteAsync(ImportListings.Name(row.Subject), NpgsqlDbType.Varchar);
        await Nullable(copy, row.WorkerId, NpgsqlDbType.Uuid);
        await copy.WriteAsync(row.TypeId, NpgsqlDbType.Uuid);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean);
        await copy.WriteAsync(ImportListings.Name(row.Approval), NpgsqlDbType.Varchar);
        await Nullable(copy, row.IssueOn, NpgsqlDbType.Date);
        await Nullable(copy, row.ExpiryOn, NpgsqlDbType.Date);
        await copy.WriteAsync(expiresOn, NpgsqlDbType.Date);
        await Text(copy, row.CredentialNumber);
        await copy.WriteAsync(1, NpgsqlDbType.Integer);
        await Text(copy, fileName);
    }

    // Groups per statement: bounds the arrays one upsert sends (about 100 bytes a group).
    private const int CountChunk = 10_000;

    /// <summary>
    /// Adds the listings <see cref="WriteAsync"/> wrote to their groups' counts, in the same transaction: a group that
    /// had none gets its row, any other its count raised. One statement per <see cref="CountChunk"/> groups; the
    /// network's listing locks, held since the map was read, keep other writers off these viewers' counts.
    /// </summary>
    public static async Task CountAsync(NpgsqlConnection connection, ImportListings listings, CancellationToken ct)
    {
        foreach (var chunk in listings.Counts.Chunk(CountChunk))
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO "CredentialListingCounts" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "Count")
                SELECT g.v, false, g.t, g.p, g.e, g.n FROM unnest(@v, @t, @p, @e::date[], @n) AS g(v, t, p, e, n)
                ON CONFLICT ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn")
                DO UPDATE SET "Count" = "CredentialListingCounts"."Count" + excluded."Count"
                """, connection);
            upsert.Parameters.AddWithValue("v", NpgsqlDbType.Array | NpgsqlDbType.Uuid, chunk.Select(c => c.Key.ViewerId).ToArray());
            upsert.Parameters.AddWithValue("t", NpgsqlDbType.Array | NpgsqlDbType.Uuid, chunk.Select(c => c.Key.CredentialTypeId).ToArray());
            upsert.Parameters.AddWithValue("p", NpgsqlDbType.Array | NpgsqlDbType.Text, chunk.Select(c => ImportListings.Name(c.Key.Approval)).ToArray());
            // Dates as text: Npgsql would send DateOnly.MaxValue (Never, stored as 9999-12-31) as 'infinity'.
            upsert.Parameters.AddWithValue("e", NpgsqlDbType.Array | NpgsqlDbType.Text,
                chunk.Select(c => c.Key.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray());
            upsert.Parameters.AddWithValue("n", NpgsqlDbType.Array | NpgsqlDbType.Integer, chunk.Select(c => c.Value).ToArray());
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    private static Task Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type) : copy.WriteNullAsync();

    private static Task Text(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Varchar);
}
