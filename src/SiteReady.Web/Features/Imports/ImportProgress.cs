using System.Collections.Concurrent;
using System.Threading.Channels;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// Progress of the imports running in this instance, counted row by row. The runner also saves it to the
/// import every few seconds (other instances read that), but not while SQLite's write transaction holds the
/// database, so this instance answers from here first.
/// </summary>
public sealed class ImportProgress
{
    private readonly ConcurrentDictionary<Guid, Live> _running = new();

    public sealed class Live
    {
        private int _processed;
        private int _total = -1;
        private int _phase;

        public ImportPhase Phase
        {
            get => (ImportPhase)Volatile.Read(ref _phase);
            set
            {
                Volatile.Write(ref _phase, (int)value);
                Volatile.Write(ref _processed, 0);
            }
        }

        public int ProcessedRows => Volatile.Read(ref _processed);
        public int? TotalRows => Volatile.Read(ref _total) is var total && total >= 0 ? total : null;

        public void Processed(int rows) => Volatile.Write(ref _processed, rows);
        public void Total(int rows) => Volatile.Write(ref _total, rows);
    }

    public Live Start(Guid importId) => _running[importId] = new Live();
    public void End(Guid importId) => _running.TryRemove(importId, out _);
    public Live? Of(Guid importId) => _running.GetValueOrDefault(importId);
}

/// <summary>Wakes the import runner when an upload is queued, so it does not wait for the next poll.</summary>
public sealed class ImportSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try { await _channel.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}
