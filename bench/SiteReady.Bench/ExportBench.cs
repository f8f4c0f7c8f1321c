using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Bench;

/// <summary>
/// The client's whole network as CSV (R-K9): <c>GET /api/v1/orgs/{clientId}/credentials/export.csv</c>
/// through the in-memory server as the client's admin, the response read as a stream and its rows
/// counted. Ours: rows per second from request to last byte (median of --runs after one warm-up export),
/// and how far the process's resident memory rose above where it stood when the run began (the kernel's
/// high-water mark, reset just before each run; the worst run). Baseline: the SELECT the
/// export streams (built by the app's own query code), read with a plain DataReader and every column
/// written by CsvHelper to a stream that only counts bytes, measured the same way.
/// </summary>
public sealed class ExportBench : IBench
{
    public string Name => "export";
    public string Description => "CSV export of the network, 1M rows, streamed: rows/s and peak memory vs a raw DataReader + CsvHelper";

    public async Task RunAsync(BenchContext context)
    {
        var fixture = await NetworkFixture.GetAsync(context);
        var expected = fixture.Network.LiveVisible;

        var runs = context.Int("runs", 3);
        var select = await ExportSelectAsync(fixture);
        if (context.Option("show-sql") == "true") Console.WriteLine($"--- SQL\n{select.Sql}\n{string.Join(", ", select.Parameters.Select(p => $"{p.ParameterName}={p.Value}"))}");

        // One whole export of each first (JIT, caches), then the median of --runs (default 3); memory is the worst run.
        await ExportAsync(fixture, "");
        await RawCsvAsync(fixture, select);
        var oursRuns = new List<Measure>();
        var baselineRuns = new List<Measure>();
        for (var i = 0; i < runs; i++)
        {
            oursRuns.Add(await Measure.RunAsync(() => ExportAsync(fixture, "")));
            baselineRuns.Add(await Measure.RunAsync(() => RawCsvAsync(fixture, select)));
        }
        if (oursRuns.Concat(baselineRuns).FirstOrDefault(m => m.Rows != expected) is { } wrong)
            throw new InvalidOperationException($"A run read {wrong.Rows:N0} rows; the network holds {expected:N0} live credentials.");
        var ours = Median(oursRuns);
        var baseline = Median(baselineRuns);

        context.Report("export", $"{ours.Rows:N0} rows: rows/s", ours.RowsPerSecond, baseline.RowsPerSecond, "rows/s", "≥ 300,000 rows/s");
        context.Report("export", "memory: peak resident growth", oursRuns.Max(m => m.GrowthMb), baselineRuns.Max(m => m.GrowthMb), "MB", "≤ 150 MB", higherIsBetter: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"           ours: {string.Join(" / ", oursRuns.Select(m => $"{m.Seconds:N1} s"))}, {ours.Bytes / 1048576.0:N0} MiB of CSV, process resident {ours.RssBeforeMb:N0} MB before, " +
            $"{oursRuns.Max(m => m.PeakRssMb):N0} MB at peak, managed heap peak {oursRuns.Max(m => m.PeakHeapMb):N0} MB; " +
            $"baseline: {string.Join(" / ", baselineRuns.Select(m => $"{m.Seconds:N1} s"))}, resident {baseline.RssBeforeMb:N0} → {baselineRuns.Max(m => m.PeakRssMb):N0} MB"));
    }

    private static Measure Median(List<Measure> runs) => runs.OrderBy(m => m.Seconds).ElementAt(runs.Count / 2);

    /// <summary>
    /// The SELECT the export streams, built by the app's own code for the client (the export runs it as a
    /// plain command, out of reach of the EF interceptor that records the list's SQL).
    /// </summary>
    private static async Task<BenchHost.RecordedCommand> ExportSelectAsync(NetworkFixture fixture)
    {
        await using var scope = fixture.Host.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantContext>().Use(fixture.Network.ClientId);
        var actor = services.GetRequiredService<Actor>();
        actor.OrganizationId = fixture.Network.ClientId;
        actor.OrganizationKind = OrganizationKind.Client;
        var (listed, _, _, _) = await services.GetRequiredService<ListCredentials>()
            .FilteredAsync(new ListCredentialsQuery(null, null, null, null, null, null, null, null, null, null), default);
        await using var command = ExportCredentials.Rows(listed, descending: false).CreateDbCommand();
        return new BenchHost.RecordedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(BenchHost.RecordedCommand.Copy).ToList());
    }

    private static async Task<(long Rows, long Bytes)> ExportAsync(NetworkFixture fixture, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Api($"/credentials/export.csv{query}"));
        using var response = await fixture.ClientAdmin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"export.csv: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (response.Content.Headers.ContentType is not MediaTypeHeaderValue { MediaType: "text/csv" })
            throw new InvalidOperationException($"export.csv answered {response.Content.Headers.ContentType}");
        await using var body = await response.Content.ReadAsStreamAsync();
        var (lines, bytes) = await CountLinesAsync(body);
        return (lines - 1, bytes); // less the header
    }

    private static async Task<(long Lines, long Bytes)> CountLinesAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long lines = 0, bytes = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
            return (lines, bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The floor: the same rows, read raw and written as CSV with no mapping.</summary>
    private static async Task<(long Rows, long Bytes)> RawCsvAsync(NetworkFixture fixture, BenchHost.RecordedCommand select)
    {
        await using var connection = await fixture.OpenRawAsync();
        await using var command = select.On(connection);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync();
        var counter = new CountingStream();
        await using (var writer = new StreamWriter(counter, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024))
        await using (var csv = new CsvWriter(writer, ExportCredentials.Csv))
        {
            for (var i = 0; i < reader.FieldCount; i++) csv.WriteField(reader.GetName(i));
            await csv.NextRecordAsync();
            long rows = 0;
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++) csv.WriteField(Format(reader, i));
                await csv.NextRecordAsync();
                rows++;
            }
            await writer.FlushAsync();
            return (rows, counter.Length);
        }
    }

    private static string Format(DbDataReader reader, int i) => reader.IsDBNull(i)
        ? ""
        : reader.GetValue(i) switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        };

    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Time and memory of one run: rows, bytes, and the peaks of resident memory and managed heap.</summary>
public sealed record Measure(long Rows, long Bytes, double Seconds, double RssBeforeMb, double PeakRssMb, double PeakHeapMb)
{
    public double RowsPerSecond => Rows / Seconds;
    public double GrowthMb => PeakRssMb - RssBeforeMb;

    public static async Task<Measure> RunAsync(Func<Task<(long Rows, long Bytes)>> run)
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = Memory.ResidentMb();
        var resetWorked = Memory.ResetPeak();
        var sampledRss = before;
        var sampledHeap = GC.GetTotalMemory(false) / 1048576.0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sampledRss = Math.Max(sampledRss, Memory.ResidentMb());
                sampledHeap = Math.Max(sampledHeap, GC.GetTotalMemory(false) / 1048576.0);
                try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        var (rows, bytes) = await run();
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        // The kernel's high-water mark catches what 10 ms sampling misses; without a reset it would hold the seeding's peak.
        var peak = resetWorked ? Math.Max(Memory.PeakResidentMb(), sampledRss) : sampledRss;
        return new Measure(rows, bytes, seconds, before, peak, sampledHeap);
    }
}
