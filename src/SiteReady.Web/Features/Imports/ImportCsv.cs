using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Imports;

/// <summary>The columns of the import format (R-K8), in the order of <see cref="ImportCsv.ColumnNames"/>.</summary>
public enum ImportColumn { WorkerEmail, CredentialType, CredentialNumber, IssueDate, ExpiryDate, File }

/// <summary>
/// Reads an import CSV record by record with CsvHelper's parser (raw fields, no mapping): RFC 4180 quoting,
/// fields spanning lines, UTF-8 with or without a BOM. Nothing is held beyond the current record, and one record
/// may not exceed <see cref="MaxRecordChars"/>, so a stray quote or a huge cell cannot exhaust memory.
/// Invalid UTF-8 is not fatal: the bytes become U+FFFD and <see cref="RowHasInvalidText"/> points at the row.
/// </summary>
public sealed class ImportCsv : IDisposable
{
    public static readonly string[] ColumnNames = ["worker_email", "credential_type", "credential_number", "issue_date", "expiry_date", "file"];
    /// <summary>Required in the header; <c>credential_number</c> and <c>file</c> may be left out.</summary>
    public static readonly ImportColumn[] RequiredColumns = [ImportColumn.WorkerEmail, ImportColumn.CredentialType, ImportColumn.IssueDate, ImportColumn.ExpiryDate];

    /// <summary>A cell longer than this is refused on its row (no column of the format needs more than a few hundred).</summary>
    public const int MaxCellChars = 10_000;
    /// <summary>A cell this long stops the import: it is almost always a quote that is never closed.</summary>
    public const int MaxFieldChars = 2 * 1024 * 1024;
    public const int MaxRecordChars = 4 * 1024 * 1024;

    private readonly CountingFallback _invalid = new();
    private readonly RecordGuard _guard;
    private readonly CsvParser _parser;
    private readonly int[] _columns = [-1, -1, -1, -1, -1, -1];
    private string[] _header = [];
    private string[] _fields = new string[ColumnNames.Length];
    private int _count;

    public ImportCsv(Stream stream)
    {
        var utf8 = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Clone();
        utf8.DecoderFallback = _invalid;
        // The preamble of the encoding given is skipped; UTF-16 byte order marks are not honoured, so such a file reads as invalid UTF-8.
        var reader = new StreamReader(stream, utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        _guard = new RecordGuard(reader, MaxRecordChars);
        _parser = new CsvParser(_guard, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BufferSize = 64 * 1024,
            // No CacheFields: its cache keeps strings alive until they reach the oldest generation, which grew the
            // heap by about 100 MB over a million rows.
            MaxFieldSize = MaxFieldChars,
            BadDataFound = args => BadQuotesOnRow = args.Context.Parser?.Row ?? 0,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
        }, leaveOpen: false);
    }

    /// <summary>The row the current record starts on, counting the header as row 1 and blank lines as rows.</summary>
    public int Row => _parser.Row;

    /// <summary>The last row whose quotes were unbalanced (a quote inside an unquoted cell), or 0.</summary>
    public int BadQuotesOnRow { get; private set; }

    /// <summary>How many characters of the file have been read (for progress only).</summary>
    public long CharsRead => _guard.TotalChars;

    /// <summary>
    /// Reads the header and maps the format's columns; other columns are ignored (an export of ours has more).
    /// Returns the problems with it, empty when the header is usable.
    /// </summary>
    public List<ImportRowError> ReadHeader()
    {
        var problems = new List<ImportRowError>();
        if (!ReadRecord())
        {
            problems.Add(new ImportRowError(1, null, "The file is empty. The first line must be the header: " + string.Join(",", ColumnNames) + "."));
            return problems;
        }
        _header = new string[_parser.Count];
        for (var i = 0; i < _parser.Count; i++)
        {
            var name = _parser[i].Trim();
            _header[i] = name;
            var column = Array.FindIndex(ColumnNames, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (column < 0) continue;
            if (_columns[column] >= 0) problems.Add(new ImportRowError(1, ColumnNames[column], $"The header names the column {ColumnNames[column]} twice."));
            else _columns[column] = i;
        }
        var missing = RequiredColumns.Where(c => _columns[(int)c] < 0).Select(c => ColumnNames[(int)c]).ToList();
        if (missing.Count > 0)
        {
            var hint = _header.Length == 1 && (_header[0].Contains(';') || _header[0].Contains('\t'))
                ? " The file seems to be separated by semicolons or tabs; save it as comma-separated CSV (CSV UTF-8)."
                : _header.Length > 0 && !_columns.Any(c => c >= 0)
                    ? " The first line must be the header row, not data."
                    : "";
            foreach (var name in missing)
                problems.Add(new ImportRowError(1, name, $"The header has no column {name}. Required columns: {string.Join(", ", RequiredColumns.Select(c => ColumnNames[(int)c]))}; optional: credential_number, file.{hint}"));
        }
        return problems;
    }

    /// <summary>The next record that is not blank (a line of empty cells counts as blank); false at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        while (ReadRecord())
        {
            // Each cell becomes a string once per row (the parser would make a new one on every access).
            var count = _parser.Count;
            if (_fields.Length < count) _fields = new string[count];
            _count = count;
            var blank = true;
            for (var i = 0; i < count; i++)
            {
                _fields[i] = _parser[i];
                blank &= string.IsNullOrWhiteSpace(_fields[i]);
            }
            if (!blank) return true;
        }
        return false;
    }

    /// <summary>The cell of a format column, trimmed, with our export's formula escape undone; empty when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<char> Cell(ImportColumn column)
    {
        var index = _columns[(int)column];
        if (index < 0 || index >= _count) return "";
        var value = _fields[index].AsSpan().Trim();
        // ExportCredentials prefixes a cell starting with = + - @ tab or CR with an apostrophe (R-K9); an export imports back.
        if (value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r') value = value[1..];
        return value;
    }

    /// <summary>The cells of the current record longer than <see cref="MaxCellChars"/>, by column name; null when there are none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<(string Column, int Length)>? OverlongCells()
    {
        List<(string, int)>? found = null;
        for (var i = 0; i < _count; i++)
            if (_fields[i].Length > MaxCellChars) (found ??= []).Add((ColumnName(i), _fields[i].Length));
        return found;
    }

    /// <summary>The column of the current record holding bytes that were not UTF-8, or null when the row is clean.</summary>
    public string? RowHasInvalidText()
    {
        // Cheap until the first invalid byte: only then are cells searched for the replacement character.
        if (Volatile.Read(ref _invalid.Count) == 0) return null;
        for (var i = 0; i < _count; i++)
            if (_fields[i].Contains('\uFFFD')) return ColumnName(i);
        return null;
    }

    public void Dispose() => _parser.Dispose();

    private string ColumnName(int index) => index < _header.Length && _header[index].Length > 0 ? _header[index] : $"column {index + 1}";

    private bool ReadRecord()
    {
        _guard.Mark();
        return _parser.Read();
    }

    /// <summary>Counts byte sequences that are not UTF-8 and replaces each with U+FFFD.</summary>
    private sealed class CountingFallback : DecoderFallback
    {
        public int Count;
        public override int MaxCharCount => 1;
        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(CountingFallback owner) : DecoderFallbackBuffer
        {
            private bool _pending;
            public override int Remaining => _pending ? 1 : 0;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                Interlocked.Increment(ref owner.Count);
                _pending = true;
                return true;
            }

            public override char GetNextChar()
            {
                if (!_pending) return '\0';
                _pending = false;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;
            public override void Reset() => _pending = false;
        }
    }

    /// <summary>Refuses to hand the parser more than <c>limit</c> characters without a record ending in between.</summary>
    private sealed class RecordGuard(TextReader inner, int limit) : TextReader
    {
        private long _sinceMark;
        public long TotalChars { get; private set; }

        public void Mark() => _sinceMark = 0;

        public override int Read(char[] buffer, int index, int count) => Counted(inner.Read(buffer, index, count));
        public override int Read(Span<char> buffer) => Counted(inner.Read(buffer));
        public override int Read()
        {
            var c = inner.Read();
            if (c >= 0) Counted(1);
            return c;
        }
        public override int Peek() => inner.Peek();

        private int Counted(int read)
        {
            _sinceMark += read;
            TotalChars += read;
            if (_sinceMark > limit) throw new RecordTooLongException();
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>A record longer than <see cref="ImportCsv.MaxRecordChars"/>: the rest of the file cannot be read reliably.</summary>
public sealed class RecordTooLongException() : Exception("A row of the CSV file is too long.");
