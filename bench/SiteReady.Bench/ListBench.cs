using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SiteReady.Bench;

/// <summary>
/// The client's network credential list at a million credentials (issue "Credentials", speed):
/// <c>GET /api/v1/orgs/{clientId}/credentials?…</c> through the in-memory server, signed in as the
/// client's admin, for filtered shapes (verified credentials of the most common type and of a typical
/// one, and expiring within 30 days) on page 1, the middle page and the last page, pageSize 50.
/// Ours: server time (entry to last byte, timed by the bench host's first middleware) per request.
/// Baseline: the SQL that request ran (recorded by an EF interceptor: session check, membership,
/// time zone, count, page), replayed with plain ADO.NET on its own connection, every row read.
/// <c>--requests N</c> (default 200) per shape after <c>--warmup N</c> (default 20), all after <c>--warmup-seconds N</c> (default 10) of every shape.
/// </summary>
public sealed class ListBench : IBench
{
    public string Name => "list";
    public string Description => "Network credential list, filtered and paged, at 1M credentials: p95 server time vs the same SQL run directly";

    public async Task RunAsync(BenchContext context)
    {
        var fixture = await NetworkFixture.GetAsync(context);
        var network = fixture.Network;
        var requests = context.Int("requests", 200);
        var warmup = context.Int("warmup", 20);

        // The most common type (first aid, 14 % of credentials), one of the client's own (5.5 %), expiring soon, and no filter.
        var ownType = await TypeIdAsync(fixture, NetworkSeed.ClientTypeNames[0]);
        (string Label, string Query)[] shapes =
        [
            ("verified+type", $"status=verified&credentialTypeId={network.PopularTypeId}"),
            ("verified+own type", $"status=verified&credentialTypeId={ownType}"),
            ("expiring30", "expiringWithinDays=30"),
            // No filter: the network page as a client first opens it.
            ("whole network", "sort=expiryDate"),
        ];

        // A server runs for days: measure it warm. Tiered compilation keeps recompiling hot methods for the
        // first seconds of a process, so every shape is requested for --warmup-seconds (default 10) first.
        var warmupFor = TimeSpan.FromSeconds(context.Int("warmup-seconds", 10));
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < warmupFor)
        {
            using (var me = await fixture.ClientAdmin.GetAsync("/api/v1/me")) me.EnsureSuccessStatusCode();
            // The first page (its total is one sum) and a later one (its start is found by day) take different paths.
            foreach (var (_, filter) in shapes)
            {
                await GetAsync(fixture, $"{filter}&page=1&pageSize=50");
                await GetAsync(fixture, $"{filter}&page=2&pageSize=50");
            }
        }

        // The floor every API request pays (authentication, session check, JSON), for reading the figures below.
        var floor = new List<double>(requests);
        for (var i = 0; i < warmup + requests; i++)
        {
            using var me = await fixture.ClientAdmin.GetAsync("/api/v1/me");
            me.EnsureSuccessStatusCode();
            if (i >= warmup) floor.Add(fixture.Host.LastRequest.ServerTime.TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  floor: GET /api/v1/me server time p50 {Stats.Percentile(floor, 50):N2} ms, p95 {Stats.Percentile(floor, 95):N2} ms"));

        foreach (var (label, filter) in shapes)
        {
            var first = await GetAsync(fixture, $"{filter}&page=1&pageSize=50");
            var total = first["total"]!.GetValue<int>();
            var lastPage = Math.Max(1, (total + 49) / 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {total:N0} matching credentials, last page {lastPage}"));
            // Past the middle the app reads a page from the far end, so the middle page is the deepest walk.
            foreach (var (page, pageLabel) in new[] { (1, "p1"), ((lastPage + 1) / 2, "middle"), (lastPage, "last") })
            {
                var query = $"{filter}&page={page}&pageSize=50";
                for (var i = 0; i < warmup; i++) await GetAsync(fixture, query);
                var server = new List<double>(requests);
                var sql = new List<double>(requests);
                var client = new List<double>(requests);
                for (var i = 0; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var body = await GetAsync(fixture, query);
                    client.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    server.Add(fixture.Host.LastRequest.ServerTime.TotalMilliseconds);
                    sql.Add(fixture.Host.LastRequest.SqlTime.TotalMilliseconds);
                    if (i == 0 && body["items"]!.AsArray().Count != Math.Min(50, total - (page - 1) * 50))
                        throw new InvalidOperationException($"{label} page {page}: unexpected item count {body["items"]!.AsArray().Count}");
                }
                var commands = fixture.Host.LastRequest.Commands;
                // The replay must read what the app read, or the baseline would time something else.
                var expectedRows = commands.Count - 1 + Math.Min(50, total - (page - 1) * 50);
                await using (var check = await fixture.OpenRawAsync())
                {
                    var read = await Replay.RunAsync(check, commands);
                    if (read < expectedRows) throw new InvalidOperationException($"{label} page {page}: the replayed SQL read {read} rows, expected at least {expectedRows}.");
                }
                var baseline = await ReplayAsync(fixture, commands, warmup, requests);

                var name = $"{label} page {pageLabel}";
                context.Report("list", $"{name} p95", Stats.Percentile(server, 95), Stats.Percentile(baseline, 95), "ms", "≤ 10 ms", higherIsBetter: false);
                context.Report("list", $"{name} p50", Stats.Percentile(server, 50), Stats.Percentile(baseline, 50), "ms", "-", higherIsBetter: false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"           client round trip p50 {Stats.Percentile(client, 50):N2} ms p95 {Stats.Percentile(client, 95):N2} ms; {commands.Count} SQL commands per request, executing them p50 {Stats.Percentile(sql, 50):N2} ms"));
                if (context.Option("show-sql") == "true")
                    foreach (var c in commands) Console.WriteLine($"--- SQL\n{c.Sql}\n{string.Join(", ", c.Parameters.Select(p => $"{p.ParameterName}={p.Value} ({p.Value?.GetType().Name} {p.DbType} size {p.Size} {(p as Microsoft.Data.Sqlite.SqliteParameter)?.SqliteType})"))}");
            }
        }
    }

    private static async Task<Guid> TypeIdAsync(NetworkFixture fixture, string name)
    {
        var types = JsonNode.Parse(await fixture.ClientAdmin.GetStringAsync(fixture.Api("/credential-types")))!.AsArray();
        return Guid.Parse(types.Single(t => t!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<string>());
    }

    private static async Task<JsonNode> GetAsync(NetworkFixture fixture, string query)
    {
        using var response = await fixture.ClientAdmin.GetAsync(fixture.Api($"/credentials?{query}"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET credentials?{query}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<List<double>> ReplayAsync(NetworkFixture fixture, IReadOnlyList<BenchHost.RecordedCommand> commands, int warmup, int requests)
    {
        await using var connection = await fixture.OpenRawAsync();
        for (var i = 0; i < warmup; i++) await Replay.RunAsync(connection, commands);
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await Replay.RunAsync(connection, commands);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }
}

public static class Stats
{
    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
