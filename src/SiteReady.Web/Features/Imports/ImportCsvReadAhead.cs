using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// Reads an <see cref="ImportCsv"/> on a thread of its own, ahead of the check (R-K8): parsing the file overlaps
/// with loading what rows resolve against and with checking the rows, instead of adding to both. Records wait in
/// batches, at most <see cref="MaxBatchesAhead"/> of them, so memory stays bounded however long the file is.
/// </summary>
/// <remarks>
/// Whatever the check asks of a record is taken right after the record is read, where the check used to ask the
/// reader itself, so the answers are the same. A failure of the reader (a record too long, a field that never ends,
/// bad CSV) reaches the check after every record before it, with the row the reader was on, as it used to.
/// The per-record methods here and in <see cref="ImportCsv"/> are compiled optimised at once: the first import
/// after a start would otherwise read its first tens of thousands of records through unoptimised code.
/// </remarks>
public sealed class ImportCsvReadAhead : IAsyncDisposable
{
    public const int BatchRows = 1024;
    public const int MaxBatchesAhead = 64;
    private static readonly int Cells = ImportCsv.ColumnNames.Length;

    private readonly ImportCsv _csv;
    private readonly Channel<Batch> _batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(MaxBatchesAhead) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<Batch> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    /// <summary>Starts reading the records after the header, which <paramref name="csv"/> has read already.</summary>
    public ImportCsvReadAhead(ImportCsv csv)
    {
        _csv = csv;
        _reading = Task.Factory.StartNew(ReadAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Records in file order, the cells of the format's columns copied into one buffer.</summary>
    public sealed class Batch
    {
        private readonly int[] _cellStart = new int[BatchRows * Cells];
        private readonly int[] _cellLength = new int[BatchRows * Cells];
        private char[] _text = new char[BatchRows * 80];
        private int _textUsed;

        public Record[] Records { get; } = new Record[BatchRows];
        public int Count { get; private set; }
        /// <summary>Characters of the file read when the batch's last record was.</summary>
        public long CharsRead { get; internal set; }
        internal ExceptionDispatchInfo? Failure { get; set; }
        internal int FailureRow { get; set; }

        public ReadOnlySpan<char> Cell(int record, ImportColumn column)
        {
            var at = record * Cells + (int)column;
            return _text.AsSpan(_cellStart[at], _cellLength[at]);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void Add(ImportCsv csv)
        {
            var record = new Record(csv.Row, csv.RowHasInvalidText(), csv.OverlongCells(), csv.BadQuotesOnRow == csv.Row);
            // A row with such a problem is reported as it is: its cells are never looked at.
            var usable = record.InvalidColumn is null && record.Overlong is null && !record.BadQuotes;
            for (var column = 0; column < Cells; column++)
            {
                var cell = usable ? csv.Cell((ImportColumn)column) : default;
                if (_textUsed + cell.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textUsed + cell.Length));
                cell.CopyTo(_text.AsSpan(_textUsed));
                _cellStart[Count * Cells + column] = _textUsed;
                _cellLength[Count * Cells + column] = cell.Length;
                _textUsed += cell.Length;
            }
            Records[Count++] = record;
        }

        internal void Clear()
        {
            Array.Clear(Records, 0, Count);
            Count = 0;
            _textUsed = 0;
            CharsRead = 0;
            Failure = null;
            FailureRow = 0;
        }
    }

    /// <summary>One record, with what was found wrong with it as a whole (see <see cref="ImportCsv"/>).</summary>
    public readonly record struct Record(int Row, string? InvalidColumn, List<(string Column, int Length)>? Overlong, bool BadQuotes);

    /// <summary>How far the reader has got: records read and characters of the file read by then.</summary>
    public sealed record Progress(int Records, long CharsRead);

    /// <summary>How far the reader has got, as of its last full batch.</summary>
    public Progress ReadSoFar => Volatile.Read(ref _readSoFar);

    private Progress _readSoFar = new(0, 0);

    /// <summary>The row the reader was on when it failed (see <see cref="NextAsync"/>).</summary>
    public int FailedOnRow { get; private set; }

    /// <summary>
    /// The next batch of records, or null at the end of the file. Throws the reader's failure once the records
    /// before it have been handed out.
    /// </summary>
    public async ValueTask<Batch?> NextAsync(CancellationToken ct)
    {
        Batch? batch;
        while (!_batches.Reader.TryRead(out batch))
            if (!await _batches.Reader.WaitToReadAsync(ct)) return null;
        if (batch.Failure is { } failure)
        {
            FailedOnRow = batch.FailureRow;
            failure.Throw();
        }
        return batch;
    }

    /// <summary>A batch whose records have been checked, for the reader to fill again.</summary>
    public void Return(Batch batch)
    {
        batch.Clear();
        _free.Enqueue(batch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadAll()
    {
        var ct = _stop.Token;
        var batch = Rent();
        var records = 0;
        try
        {
            while (_csv.Read())
            {
                batch.Add(_csv);
                if (batch.Count == BatchRows)
                {
                    batch.CharsRead = _csv.CharsRead;
                    records += BatchRows;
                    Volatile.Write(ref _readSoFar, new Progress(records, batch.CharsRead));
                    Send(batch, ct);
                    batch = Rent();
                }
            }
            batch.CharsRead = _csv.CharsRead;
            if (batch.Count > 0) Send(batch, ct);
            _batches.Writer.Complete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _batches.Writer.TryComplete();
        }
        catch (Exception e)
        {
            var failure = ExceptionDispatchInfo.Capture(e);
            var row = _csv.Row;
            try
            {
                // The records read before the failure are checked first, as they would have been.
                if (batch.Count > 0)
                {
                    batch.CharsRead = _csv.CharsRead;
                    Send(batch, ct);
                    batch = Rent();
                }
                batch.Failure = failure;
                batch.FailureRow = row;
                Send(batch, ct);
                _batches.Writer.Complete();
            }
            catch (OperationCanceledException)
            {
                _batches.Writer.TryComplete();
            }
        }
    }

    private Batch Rent() => _free.TryDequeue(out var batch) ? batch : new Batch();

    private void Send(Batch batch, CancellationToken ct)
    {
        while (!_batches.Writer.TryWrite(batch))
            if (!_batches.Writer.WaitToWriteAsync(ct).AsTask().GetAwaiter().GetResult())
                throw new InvalidOperationException("The read-ahead was closed while reading.");
    }

    /// <summary>Stops the reader (when the check ended early) and waits for it, so the file may be closed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _reading; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
