using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// R-K6/R-K8: who lists an import's new credentials, so that the second pass writes their <see cref="CredentialListing"/>
/// rows beside the credentials (<see cref="SqliteCredentialRows"/>, <see cref="PostgresCredentialRows"/>) instead of
/// deriving them from the tables it has just filled, and what they add to <see cref="CredentialListingCount"/>, summed
/// while they are written. The rule is <see cref="Listings"/>'s: a credential is listed for its contractor, and for each
/// client the contractor is Connected to when it is a company credential or its worker is connected to that client.
/// </summary>
/// <remarks>
/// The map is read in the write's transaction, under the network's listing locks (<see cref="Listings.LockNetworkAsync"/>),
/// so it cannot go stale before the commit. It stays small at a million rows: the clients once, and for each worker with
/// connections an array of client indexes; the file names by version (an import stores far fewer files than rows); one
/// count per group (viewer, type, approval, expiry day).
/// </remarks>
public sealed class ImportListings
{
    /// <summary>The key of a <see cref="CredentialListingCount"/> of a new credential (never archived).</summary>
    public readonly record struct Group(Guid ViewerId, Guid CredentialTypeId, Approval Approval, DateOnly ExpiresOn);

    private static readonly int[] NoClients = [];
    // The clients the contractor is Connected to; ClientsOf gives indexes into this.
    private readonly Guid[] _clients;
    private readonly int[] _everyClient;
    private readonly Dictionary<Guid, int[]> _clientsOfWorker;
    private readonly Dictionary<Guid, (Guid FileId, string FileName)> _firstFile;
    private readonly IReadOnlySet<Guid> _touched;

    private ImportListings(Guid organizationId, Guid[] clients, Dictionary<Guid, int[]> clientsOfWorker,
        Dictionary<Guid, (Guid, string)> firstFile, IReadOnlySet<Guid> touched)
    {
        OrganizationId = organizationId;
        _clients = clients;
        _everyClient = Enumerable.Range(0, clients.Length).ToArray();
        _clientsOfWorker = clientsOfWorker;
        _firstFile = firstFile;
        _touched = touched;
    }

    /// <summary>A map with no files and no renewals, for checking the order listings are handed out in.</summary>
    internal ImportListings(Guid organizationId, Guid[] clients, Dictionary<Guid, int[]> clientsOfWorker)
        : this(organizationId, clients, clientsOfWorker, [], new HashSet<Guid>())
    {
    }

    /// <summary>The contractor: the first viewer of every new credential.</summary>
    public Guid OrganizationId { get; }

    /// <summary>How many listings the writer wrote, per count group.</summary>
    public Dictionary<Group, int> Counts { get; } = [];

    /// <summary>How many listings the writer wrote.</summary>
    public long Written { get; private set; }

    /// <summary>
    /// Takes the network's listing locks (PostgreSQL) and reads the map, inside the caller's transaction. The db acts
    /// for the importing organisation, so its tenant filter narrows worker connections to its own workers.
    /// </summary>
    public static async Task<ImportListings> LoadAsync(AppDb db, ImportWrite write, CancellationToken ct)
    {
        var clients = (await Listings.LockNetworkAsync(db, write.OrganizationId, ct)).ToArray();
        var clientsOfWorker = new Dictionary<Guid, int[]>();
        if (clients.Length > 0)
        {
            var indexOf = clients.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            var connected = db.WorkerClientConnections.AsNoTracking().Where(c => clients.Contains(c.ClientId)).Select(c => new { c.WorkerId, c.ClientId });
            await foreach (var connection in connected.AsAsyncEnumerable().WithCancellation(ct))
            {
                var client = indexOf[connection.ClientId];
                ref var of = ref CollectionsMarshal.GetValueRefOrAddDefault(clientsOfWorker, connection.WorkerId, out _);
                if (of is null) of = [client];
                else if (Array.IndexOf(of, client) < 0) of = [.. of, client];
            }
        }

        // The listing shows the first file (by id) of the latest version; a new credential's latest version is its first.
        var firstFile = new Dictionary<Guid, (Guid, string)>();
        foreach (var file in write.Files.Read())
        {
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstFile, file.VersionId, out var exists);
            if (!exists || SortsBefore(file.FileId, first.Item1)) first = (file.FileId, file.FileName);
        }
        return new ImportListings(write.OrganizationId, clients, clientsOfWorker, firstFile, write.Touched);
    }

    /// <summary>
    /// Whether the writer lists this row's credential: a new one, unless a later row of the same import gives it a
    /// second version. Such a credential is listed with the renewed ones (<see cref="Listings.RefreshAsync"/>), from its
    /// latest version's values.
    /// </summary>
    private bool Lists(in PlannedRow row) => row.Kind == PlannedKind.NewCredential && !_touched.Contains(row.CredentialId);

    /// <summary>The indexes in the contractor's clients of the clients that list the row's credential besides its contractor.</summary>
    private int[] ClientsOf(in PlannedRow row) =>
        row.WorkerId is { } worker ? _clientsOfWorker.GetValueOrDefault(worker, NoClients) : _everyClient;

    /// <summary>The name of the first file of this version, null when it has none.</summary>
    public string? FileNameOf(Guid versionId) => _firstFile.TryGetValue(versionId, out var file) ? file.FileName : null;

    // Listings ordered per batch: about 100 bytes a row held, against a page visit per listing written out of order.
    private const int Batch = 32_768;

    /// <summary>
    /// The listings to write for the plan's rows, each counted for its group as it is handed out: per batch of new
    /// credentials, each viewer's listings in the order of the listings' key (expiry, then credential: plan order, in
    /// which ids ascend). Written in that order, each listing lands on the page of the one before it or the next, in the
    /// SQLite table (stored in key order) and in the expiry and type indexes of both engines, where in plan order each
    /// would be a page anywhere; on SQLite that was most of what writing a listing cost.
    /// </summary>
    public IEnumerable<(Guid ViewerId, PlannedRow Row)> InKeyOrder(IEnumerable<PlannedRow> rows, int batchSize = Batch)
    {
        var batch = new List<PlannedRow>(batchSize);
        foreach (var row in rows)
        {
            if (!Lists(row)) continue;
            batch.Add(row);
            if (batch.Count < batchSize) continue;
            foreach (var listing in Sorted(batch)) yield return listing;
            batch.Clear();
        }
        foreach (var listing in Sorted(batch)) yield return listing;
    }

    private IEnumerable<(Guid ViewerId, PlannedRow Row)> Sorted(List<PlannedRow> batch)
    {
        // Day and position in one number: the sort is of longs, and equal days keep plan order.
        var order = new long[batch.Count];
        for (var i = 0; i < batch.Count; i++) order[i] = (long)ExpiresOn(batch[i]).DayNumber << 32 | (uint)i;
        Array.Sort(order);
        for (var client = -1; client < _clients.Length; client++)
        {
            var viewerId = client < 0 ? OrganizationId : _clients[client];
            foreach (var key in order)
            {
                var row = batch[(int)(key & 0xFFFF_FFFF)];
                if (client >= 0 && Array.IndexOf(ClientsOf(row), client) < 0) continue;
                Listed(viewerId, row);
                yield return (viewerId, row);
            }
        }
    }

    /// <summary>Notes one listing written for this viewer, for its count group.</summary>
    private void Listed(Guid viewerId, in PlannedRow row)
    {
        var group = new Group(viewerId, row.TypeId, row.Approval == Approval.Verified ? Approval.Verified : Approval.Pending, ExpiresOn(row));
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(Counts, group, out _);
        count++;
        Written++;
    }

    /// <summary>The listing's expiry key: the expiry date, or <see cref="CredentialListing.Never"/>.</summary>
    public static DateOnly ExpiresOn(in PlannedRow row) => row.ExpiryOn ?? CredentialListing.Never;

    /// <summary>A planned row's approval as the writers store it (by name): a row is verified or waits for review.</summary>
    public static string Name(Approval approval) => approval == Approval.Verified ? "Verified" : "Pending";

    /// <summary>A planned row's holder kind as the writers store it (by name).</summary>
    public static string Name(CredentialSubject subject) => subject == CredentialSubject.Worker ? "Worker" : "Company";

    /// <summary>The order of ids on both engines: uuid order on PostgreSQL and upper-case text on SQLite both follow the big-endian bytes.</summary>
    private static bool SortsBefore(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y) < 0;
    }
}
