using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
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
/// (the rule of <see cref="CrossTenant.CredentialsVisibleTo"/>, here in set-based SQL). Then it recounts
/// <see cref="CredentialListingCount"/> for exactly the groups of the listings it deleted and inserted. Both
/// engines run the same statements; only lists of values are passed differently. A bulk import writes its new
/// credentials' listings and counts itself (<see cref="Features.Imports.ImportListings"/>, under
/// <see cref="LockNetworkAsync"/>) and refreshes here only the credentials it gave new versions.
/// </summary>
public static class Listings
{
    /// <summary>What one save changes that can move credentials in or out of lists.</summary>
    public sealed class Changes
    {
        public HashSet<Guid> Credentials { get; } = [];
        public HashSet<Guid> Workers { get; } = [];
        public HashSet<(Guid ClientId, Guid ContractorId)> Connections { get; } = [];
        /// <summary>The contractors whose credentials these are: their listings are rewritten one writer at a time.</summary>
        public HashSet<Guid> Contractors { get; } = [];
        public bool IsEmpty => Credentials.Count == 0 && Workers.Count == 0 && Connections.Count == 0;
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

    /// <summary>Rewrites the listings a save touched and recounts their groups, inside the save's transaction.</summary>
    public static async Task RefreshAsync(AppDb db, Changes changes, CancellationToken ct) =>
        await (await BeginRefreshAsync(db, changes, ct)).CompleteAsync(ct);

    /// <summary>
    /// The first half of <see cref="RefreshAsync"/>, run before the save writes its rows: takes the locks and notes the
    /// groups of the listings the changes can remove, while they are still there (deleting a credential deletes its
    /// listings with it, by the foreign key).
    /// </summary>
    public static async Task<Refresh> BeginRefreshAsync(AppDb db, Changes changes, CancellationToken ct)
    {
        var refresh = new Refresh(db, changes);
        await refresh.BeginAsync(ct);
        return refresh;
    }

    /// <summary>One refresh of the listings and counts that a set of changes touches.</summary>
    public sealed class Refresh
    {
        private readonly AppDb _db;
        private readonly Changes _changes;
        private readonly bool _postgres;
        private readonly List<Func<DbParameter>> _parameters = []; // made afresh for each command
        private readonly List<string> _listed = [];    // conditions on CredentialListings
        private readonly List<string> _owned = [];     // conditions on c (owner rows)
        private readonly List<string> _networked = []; // conditions on c and cc (client rows)
        private readonly HashSet<long> _held = [];
        private readonly HashSet<Group> _groups = [];

        internal Refresh(AppDb db, Changes changes)
        {
            _db = db;
            _changes = changes;
            _postgres = db.Database.IsNpgsql();
            var postgres = _postgres;
            if (changes.Credentials.Count > 0)
            {
                var ids = AnyOf(postgres, "credentials", changes.Credentials, _parameters);
                _listed.Add($"\"CredentialId\" {ids}");
                _owned.Add($"c.\"Id\" {ids}");
                _networked.Add($"c.\"Id\" {ids}");
            }
            if (changes.Workers.Count > 0)
            {
                var ids = AnyOf(postgres, "workers", changes.Workers, _parameters);
                _listed.Add($"\"WorkerId\" {ids}");
                _owned.Add($"c.\"WorkerId\" {ids}");
                _networked.Add($"c.\"WorkerId\" {ids}");
            }
            var i = 0;
            foreach (var (clientId, contractorId) in changes.Connections)
            {
                var n = i;
                _parameters.Add(() => Parameter(postgres, $"client{n}", clientId));
                _parameters.Add(() => Parameter(postgres, $"contractor{n}", contractorId));
                // The last term is always true here (a client is not a contractor); said, it lets both engines use the company index.
                _listed.Add($"(\"ViewerId\" = @client{i} AND \"OrganizationId\" = @contractor{i} AND \"ViewerId\" <> \"OrganizationId\")");
                _networked.Add($"(cc.\"ClientId\" = @client{i} AND cc.\"ContractorId\" = @contractor{i})");
                i++;
            }
        }

        // The groups of the listings the changes are about: before, those the rewrite deletes; after, those it inserted.
        private string GroupsOfListed => $"SELECT DISTINCT {GroupColumns} FROM \"CredentialListings\" WHERE {string.Join(" OR ", _listed)};";

        internal async Task BeginAsync(CancellationToken ct)
        {
            if (_changes.IsEmpty) return;
            if (_postgres)
            {
                // Two transactions rewriting one contractor's listings at once could each miss the other's rows
                // (READ COMMITTED), and the contractors of one client's network share that client's count rows: a
                // lock per viewer (the contractors and every client they are connected to), taken in one sorted
                // order, puts them one after the other, and each statement below then reads what the one before
                // committed. SQLite has one writer anyway.
                var viewers = new HashSet<Guid>(_changes.Contractors);
                foreach (var (clientId, _) in _changes.Connections) viewers.Add(clientId);
                var contractors = _changes.Contractors.ToArray();
                if (contractors.Length > 0)
                    viewers.UnionWith(await _db.ConnectedClientsOfAsync(contractors, ct));
                await LockAsync(_db, viewers, _held, ct);
            }
            await ReadGroupsAsync(GroupsOfListed, ct);
        }

        /// <summary>The second half, after the save: the listings rewritten, then the counts of every group they left or joined.</summary>
        public async Task CompleteAsync(CancellationToken ct)
        {
            if (_changes.IsEmpty) return;
            var sql = new StringBuilder();
            sql.Append("DELETE FROM \"CredentialListings\" WHERE ").AppendJoin(" OR ", _listed).AppendLine(";");
            if (_owned.Count > 0) sql.Append(OwnerRows).Append(" WHERE ").AppendJoin(" OR ", _owned).AppendLine(";");
            sql.Append(ClientRows).Append(" AND (").AppendJoin(" OR ", _networked).AppendLine(");");
            sql.AppendLine(GroupsOfListed);
            await ReadGroupsAsync(sql.ToString(), ct);

            // A connection committed after the viewers were read (while this waited for a lock) can add a client: lock it too.
            if (_postgres) await LockAsync(_db, _groups.Select(g => g.ViewerId), _held, ct);
            await RecountAsync(_db, _postgres, _groups, ct);
        }

        /// <summary>Runs the statements and collects the groups every result set of them returns.</summary>
        private async Task ReadGroupsAsync(string sql, CancellationToken ct)
        {
            await _db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = _db.Database.GetDbConnection().CreateCommand();
                command.CommandText = sql;
                command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
                if (_db.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
                foreach (var parameter in _parameters) command.Parameters.Add(parameter());
                await using var reader = await command.ExecuteReaderAsync(ct);
                do
                {
                    while (await reader.ReadAsync(ct))
                        _groups.Add(new Group(reader.GetGuid(0), reader.GetBoolean(1), reader.GetGuid(2),
                            Enum.Parse<Approval>(reader.GetString(3)), reader.GetFieldValue<DateOnly>(4)));
                } while (await reader.NextResultAsync(ct));
            }
            finally
            {
                await _db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Every listing and count from scratch: after a bulk load that bypassed <see cref="AppDb"/>, or to check the kept ones.</summary>
    public static async Task RebuildAsync(AppDb db, CancellationToken ct = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync(
            $"""
             DELETE FROM "CredentialListings";
             {OwnerRows};
             {ClientRows};
             DELETE FROM "CredentialListingCounts";
             INSERT INTO "CredentialListingCounts" ({GroupColumns}, "Count")
             SELECT {GroupColumns}, COUNT(*) FROM "CredentialListings" GROUP BY {GroupColumns};
             """, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>The key of a <see cref="CredentialListingCount"/>.</summary>
    private readonly record struct Group(Guid ViewerId, bool IsArchived, Guid CredentialTypeId, Approval Approval, DateOnly ExpiresOn);

    private const string GroupColumns = "\"ViewerId\", \"IsArchived\", \"CredentialTypeId\", \"Approval\", \"ExpiresOn\"";

    // Groups per statement: bounds the parameter a recount sends (about 100 bytes a group).
    private const int RecountChunk = 10_000;

    /// <summary>Counts the listings of exactly these groups again: their rows are deleted and the non-empty ones inserted.</summary>
    private static async Task RecountAsync(AppDb db, bool postgres, HashSet<Group> groups, CancellationToken ct)
    {
        foreach (var chunk in groups.Chunk(RecountChunk))
        {
            DbParameter[] parameters;
            string sql;
            if (postgres)
            {
                parameters =
                [
                    new NpgsqlParameter("v", chunk.Select(g => g.ViewerId).ToArray()),
                    new NpgsqlParameter("a", chunk.Select(g => g.IsArchived).ToArray()),
                    new NpgsqlParameter("t", chunk.Select(g => g.CredentialTypeId).ToArray()),
                    new NpgsqlParameter("p", chunk.Select(g => g.Approval.ToString()).ToArray()),
                    // Dates as text: Npgsql would send DateOnly.MaxValue (Never, stored as 9999-12-31) as 'infinity'.
                    new NpgsqlParameter("e", chunk.Select(g => g.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray()),
                ];
                // Each group is one lookup in the listings' type index and in the counts' key.
                const string among = "(SELECT * FROM unnest(@v, @a, @t, @p, @e::date[]))";
                sql =
                    $"""
                     DELETE FROM "CredentialListingCounts" WHERE ({GroupColumns}) IN {among};
                     INSERT INTO "CredentialListingCounts" ({GroupColumns}, "Count")
                     SELECT {GroupColumns}, COUNT(*) FROM "CredentialListings" WHERE ({GroupColumns}) IN {among}
                     GROUP BY {GroupColumns};
                     """;
            }
            else
            {
                // Values as EF stores them on SQLite: upper-case text ids, 0/1, the enum's name, yyyy-MM-dd.
                var json = JsonSerializer.Serialize(chunk.Select(g => new object[]
                {
                    g.ViewerId.ToString().ToUpperInvariant(), g.IsArchived ? 1 : 0, g.CredentialTypeId.ToString().ToUpperInvariant(),
                    g.Approval.ToString(), g.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }));
                parameters = [new SqliteParameter("groups", json)];
                // Joins on every key column: SQLite would look a row-value IN (…) up by its first column only.
                const string matches =
                    """
                    json_each(@groups) AS g INNER JOIN {0} AS x
                        ON x."ViewerId" = json_extract(g.value, '$[0]') AND x."IsArchived" = json_extract(g.value, '$[1]')
                        AND x."CredentialTypeId" = json_extract(g.value, '$[2]') AND x."Approval" = json_extract(g.value, '$[3]')
                        AND x."ExpiresOn" = json_extract(g.value, '$[4]')
                    """;
                sql =
                    $"""
                     DELETE FROM "CredentialListingCounts" WHERE rowid IN (
                         SELECT x.rowid FROM {string.Format(CultureInfo.InvariantCulture, matches, "\"CredentialListingCounts\"")});
                     INSERT INTO "CredentialListingCounts" ({GroupColumns}, "Count")
                     SELECT x."ViewerId", x."IsArchived", x."CredentialTypeId", x."Approval", x."ExpiresOn", COUNT(*)
                     FROM {string.Format(CultureInfo.InvariantCulture, matches, "\"CredentialListings\"")}
                     GROUP BY x."ViewerId", x."IsArchived", x."CredentialTypeId", x."Approval", x."ExpiresOn";
                     """;
            }
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }

    /// <summary>
    /// For a writer that lists a contractor's new credentials itself instead of through <see cref="RefreshAsync"/> (the
    /// bulk import, R-K8): the clients the contractor is Connected to, whose lists the credentials join, read in the
    /// caller's transaction. On PostgreSQL it first takes the listing locks of the contractor and those clients, as a
    /// refresh does, and reads the clients again under them: every save that changes the contractor's connections or its
    /// workers' holds the contractor's lock, so what is read then stays true until the transaction ends, and the counts
    /// of these viewers have no other writer meanwhile.
    /// </summary>
    public static async Task<List<Guid>> LockNetworkAsync(AppDb db, Guid contractorId, CancellationToken ct)
    {
        var clients = await db.ConnectedClientsOfAsync([contractorId], ct);
        if (!db.Database.IsNpgsql()) return clients;
        var held = new HashSet<long>();
        await LockAsync(db, [contractorId, .. clients], held, ct);
        clients = await db.ConnectedClientsOfAsync([contractorId], ct);
        // A client connected while this waited for the locks is locked late, as in CompleteAsync.
        await LockAsync(db, clients, held, ct);
        return clients;
    }

    /// <summary>PostgreSQL: the listing locks of these organisations not held yet, in the order of their keys.</summary>
    private static async Task LockAsync(AppDb db, IEnumerable<Guid> organizations, HashSet<long> held, CancellationToken ct)
    {
        var keys = organizations.Select(LockKey).Where(k => !held.Contains(k)).Distinct().Order().ToList();
        if (keys.Count == 0) return;
        // One statement, in key order: a transaction never waits for a lock with a smaller key than one it holds
        // (except for a client added late, above), so two saves cannot wait for each other.
        var sql = string.Join("\n", keys.Select((_, i) => $"SELECT pg_advisory_xact_lock(@lock{i});"));
        await db.Database.ExecuteSqlRawAsync(sql, keys.Select((k, i) => (object)new NpgsqlParameter($"lock{i}", k)), ct);
        held.UnionWith(keys);
    }

    /// <summary>"= ANY(array)" on PostgreSQL; "IN (json_each(...))" on SQLite, with the ids as EF stores them there (upper-case text).</summary>
    private static string AnyOf(bool postgres, string name, IReadOnlyCollection<Guid> ids, List<Func<DbParameter>> parameters)
    {
        if (postgres)
        {
            var array = ids.ToArray();
            parameters.Add(() => new NpgsqlParameter(name, array));
            return $"= ANY(@{name})";
        }
        var json = JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant()));
        parameters.Add(() => new SqliteParameter(name, json));
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
