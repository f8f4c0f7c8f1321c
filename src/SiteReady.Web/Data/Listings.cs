using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;

namespace SiteReady.Web.Data;

/// <summary>
/// Keeps <see cref="CredentialListing"/> current. <see cref="AppDb"/> collects, before a save, which
/// credentials, workers and client connections it touches, and rewrites their listings in the save's
/// transaction: a credential is listed for its contractor, and for each client the contractor is
/// Connected to when the credential is a company credential or its worker is connected to that client
/// (the rule of <see cref="CrossTenant.CredentialsVisibleTo"/>, here in set-based SQL). Both engines run
/// the same statements; only a list of ids is passed differently.
/// </summary>
public static class Listings
{
    /// <summary>What one save changes that can move credentials in or out of lists.</summary>
    public sealed class Changes
    {
        public HashSet<Guid> Credentials { get; } = [];
        public HashSet<Guid> Workers { get; } = [];
        public HashSet<(Guid ClientId, Guid ContractorId)> Connections { get; } = [];
        /// <summary>A bulk import's new credentials: its organisation's credentials with ids from First to Last.</summary>
        public List<(Guid OrganizationId, Guid First, Guid Last)> Ranges { get; } = [];
        /// <summary>The contractors whose credentials these are: their listings are rewritten one writer at a time.</summary>
        public HashSet<Guid> Contractors { get; } = [];
        public bool IsEmpty => Credentials.Count == 0 && Workers.Count == 0 && Connections.Count == 0 && Ranges.Count == 0;
    }

    public static Changes Collect(ChangeTracker tracker)
    {
        var changes = new Changes();
        Dictionary<Guid, Guid>? credentialOfVersion = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Credential credential:
                    changes.Credentials.Add(credential.Id);
                    changes.Contractors.Add(credential.OrganizationId);
                    break;
                case CredentialVersion version:
                    changes.Credentials.Add(version.CredentialId);
                    changes.Contractors.Add(version.OrganizationId);
                    break;
                case CredentialFile file:
                    // Files are only ever changed through their version, which is then tracked too.
                    credentialOfVersion ??= tracker.Entries<CredentialVersion>().ToDictionary(v => v.Entity.Id, v => v.Entity.CredentialId);
                    if (credentialOfVersion.TryGetValue(file.VersionId, out var credentialId)) changes.Credentials.Add(credentialId);
                    changes.Contractors.Add(file.OrganizationId);
                    break;
                case WorkerClientConnection connection:
                    changes.Workers.Add(connection.WorkerId);
                    changes.Contractors.Add(connection.OrganizationId);
                    break;
                case ClientConnection connection when entry.State != EntityState.Modified || entry.Property(nameof(ClientConnection.Status)).IsModified:
                    changes.Connections.Add((connection.ClientId, connection.ContractorId));
                    changes.Contractors.Add(connection.ContractorId);
                    break;
            }
        }
        return changes;
    }

    private const string Columns =
        """
        "ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
        "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName"
        """;

    // The listed values of credential c; the viewer comes first. A credential without expiry expires "never" (9999-12-31).
    private const string Values =
        """
        c."Id", c."OrganizationId", c."Subject", c."WorkerId", c."CredentialTypeId", c."IsArchived", c."Approval",
        c."IssueOn", c."ExpiryOn", COALESCE(c."ExpiryOn", '9999-12-31'), c."CredentialNumber", c."LatestVersionNumber",
        (SELECT f."FileName" FROM "CredentialVersions" AS v INNER JOIN "CredentialFiles" AS f ON f."VersionId" = v."Id"
         WHERE v."CredentialId" = c."Id" AND v."Number" = c."LatestVersionNumber" ORDER BY f."Id" LIMIT 1)
        """;

    private const string OwnerRows =
        $"""
         INSERT INTO "CredentialListings" ({Columns})
         SELECT c."OrganizationId", {Values}
         FROM "Credentials" AS c
         """;

    private const string ClientRows =
        $"""
         INSERT INTO "CredentialListings" ({Columns})
         SELECT cc."ClientId", {Values}
         FROM "Credentials" AS c
         INNER JOIN "ClientConnections" AS cc ON cc."ContractorId" = c."OrganizationId" AND cc."Status" = 'Connected'
         WHERE (c."WorkerId" IS NULL OR EXISTS (
             SELECT 1 FROM "WorkerClientConnections" AS w WHERE w."WorkerId" = c."WorkerId" AND w."ClientId" = cc."ClientId"))
         """;

    /// <summary>Rewrites the listings a save touched, inside the save's transaction.</summary>
    public static async Task RefreshAsync(AppDb db, Changes changes, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var parameters = new List<DbParameter>();
        var listed = new List<string>();   // conditions on CredentialListings
        var owned = new List<string>();    // conditions on c (owner rows)
        var networked = new List<string>(); // conditions on c and cc (client rows)
        if (changes.Credentials.Count > 0)
        {
            var ids = AnyOf(postgres, "credentials", changes.Credentials, parameters);
            listed.Add($"\"CredentialId\" {ids}");
            owned.Add($"c.\"Id\" {ids}");
            networked.Add($"c.\"Id\" {ids}");
        }
        if (changes.Workers.Count > 0)
        {
            var ids = AnyOf(postgres, "workers", changes.Workers, parameters);
            listed.Add($"\"WorkerId\" {ids}");
            owned.Add($"c.\"WorkerId\" {ids}");
            networked.Add($"c.\"WorkerId\" {ids}");
        }
        var i = 0;
        foreach (var (clientId, contractorId) in changes.Connections)
        {
            parameters.Add(Parameter(postgres, $"client{i}", clientId));
            parameters.Add(Parameter(postgres, $"contractor{i}", contractorId));
            listed.Add($"(\"ViewerId\" = @client{i} AND \"OrganizationId\" = @contractor{i})");
            networked.Add($"(cc.\"ClientId\" = @client{i} AND cc.\"ContractorId\" = @contractor{i})");
            i++;
        }
        var r = 0;
        foreach (var (organizationId, first, last) in changes.Ranges)
        {
            parameters.Add(Parameter(postgres, $"org{r}", organizationId));
            parameters.Add(Parameter(postgres, $"first{r}", first));
            parameters.Add(Parameter(postgres, $"last{r}", last));
            listed.Add($"(\"CredentialId\" BETWEEN @first{r} AND @last{r} AND \"OrganizationId\" = @org{r})");
            owned.Add($"(c.\"Id\" BETWEEN @first{r} AND @last{r} AND c.\"OrganizationId\" = @org{r})");
            networked.Add($"(c.\"Id\" BETWEEN @first{r} AND @last{r} AND c.\"OrganizationId\" = @org{r})");
            r++;
        }

        var sql = new StringBuilder();
        if (postgres)
        {
            // Two transactions rewriting one contractor's listings at once could each miss the other's rows
            // (READ COMMITTED): a lock per contractor, taken in a fixed order, puts them one after the other,
            // and each statement below then reads what the one before committed. SQLite has one writer anyway.
            var l = 0;
            foreach (var contractorId in changes.Contractors.Order())
            {
                parameters.Add(new NpgsqlParameter($"lock{l}", LockKey(contractorId)));
                sql.Append($"SELECT pg_advisory_xact_lock(@lock{l});").AppendLine();
                l++;
            }
        }
        sql.Append("DELETE FROM \"CredentialListings\" WHERE ").AppendJoin(" OR ", listed).AppendLine(";");
        if (owned.Count > 0) sql.Append(OwnerRows).Append(" WHERE ").AppendJoin(" OR ", owned).AppendLine(";");
        sql.Append(ClientRows).Append(" AND (").AppendJoin(" OR ", networked).AppendLine(");");
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
    }

    /// <summary>Every listing from scratch: after a bulk load that bypassed <see cref="AppDb"/>, or to check the kept ones.</summary>
    public static async Task RebuildAsync(AppDb db, CancellationToken ct = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"CredentialListings\";\n{OwnerRows};\n{ClientRows};", ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>"= ANY(array)" on PostgreSQL; "IN (json_each(...))" on SQLite, with the ids as EF stores them there (upper-case text).</summary>
    private static string AnyOf(bool postgres, string name, IReadOnlyCollection<Guid> ids, List<DbParameter> parameters)
    {
        if (postgres)
        {
            parameters.Add(new NpgsqlParameter(name, ids.ToArray()));
            return $"= ANY(@{name})";
        }
        parameters.Add(new SqliteParameter(name, JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant()))));
        return $"IN (SELECT value FROM json_each(@{name}))";
    }

    /// <summary>A Guid as each engine stores it: uuid on PostgreSQL, upper-case text on SQLite (as EF Core writes it).</summary>
    private static DbParameter Parameter(bool postgres, string name, Guid value) =>
        postgres ? new NpgsqlParameter(name, value) : new SqliteParameter(name, value.ToString().ToUpperInvariant());

    // Listing locks live in their own key space: the top bit set, which the schema migrator's key does not have.
    private static long LockKey(Guid contractorId)
    {
        Span<byte> bytes = stackalloc byte[16];
        contractorId.TryWriteBytes(bytes);
        return (long)((BitConverter.ToUInt64(bytes) ^ BitConverter.ToUInt64(bytes[8..])) | 0x8000_0000_0000_0000UL);
    }
}
