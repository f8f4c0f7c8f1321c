using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Imports;

public enum PlannedKind : byte { NewCredential = 1, NewVersion = 2 }

/// <summary>
/// One row to write, decided by the validation pass: a new credential with its first version, or the next
/// version of a credential. Ids are fixed here, so each table can be written in its own pass.
/// </summary>
public readonly record struct PlannedRow(
    PlannedKind Kind, Guid CredentialId, Guid VersionId, Guid ActivityId, int VersionNumber,
    Guid? WorkerId, Guid TypeId, CredentialSubject Subject, Approval Approval,
    DateOnly? IssueOn, DateOnly? ExpiryOn, string? CredentialNumber, int Entry);

/// <summary>A file of the ZIP, already in the file store, for a planned version.</summary>
public readonly record struct PlannedFile(Guid FileId, Guid VersionId, string StorageKey, string FileName, string ContentType, long Size, string Sha256);

/// <summary>
/// Planned rows in a temporary binary file (about 100 bytes a row), so a million rows cost disk, not memory.
/// Written once, then read as many times as the writer needs; deleted when disposed.
/// </summary>
/// <remarks>
/// Rows are encoded into a buffer of this class's own, and the file is written and read a buffer at a time: a
/// row of a dozen fields written through <see cref="BinaryWriter"/> cost a dozen calls into the file stream.
/// The layout is BinaryWriter's (little-endian numbers, strings with a 7-bit encoded UTF-8 length).
/// </remarks>
public sealed class ImportPlan<T> : IDisposable where T : struct
{
    private const int BufferSize = 64 * 1024;

    private readonly FileStream _file;
    private readonly PlanWriter _writer;
    private readonly Action<PlanWriter, T> _write;
    private readonly Func<PlanReader, T> _read;

    private ImportPlan(string directory, Action<PlanWriter, T> write, Func<PlanReader, T> read)
    {
        var path = Path.Combine(directory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".upload");
        // No FileStream buffer: the writer and the readers keep their own.
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        _writer = new PlanWriter(_file, BufferSize);
        _write = write;
        _read = read;
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(T item)
    {
        _write(_writer, item);
        Count++;
    }

    public IEnumerable<T> Read()
    {
        _writer.Flush();
        _file.Position = 0;
        var reader = new PlanReader(_file, BufferSize);
        for (var i = 0; i < Count; i++) yield return _read(reader);
    }

    public void Dispose()
    {
        _file.Dispose();
    }

    public static ImportPlan<PlannedRow> Rows(string directory) => new(directory, WriteRow, ReadRow);
    public static ImportPlan<PlannedFile> Files(string directory) => new(directory, WriteFile, ReadFile);

    // Kind, three ids, the version number, worker and type, subject and approval, two dates, whether a number follows; the entry.
    private const int FixedRowBytes = 1 + 16 * 3 + 4 + 16 * 2 + 1 + 1 + 4 + 4 + 1 + 4;

    /// <summary>A row is encoded in one piece of the buffer; the layout is the one <see cref="ReadRow"/> reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteRow(PlanWriter w, PlannedRow row)
    {
        var number = row.CredentialNumber;
        var bytes = w.Reserve(FixedRowBytes + (number is null ? 0 : PlanWriter.MaxBytes(number)));
        var at = 0;
        bytes[at++] = (byte)row.Kind;
        Id(bytes, ref at, row.CredentialId);
        Id(bytes, ref at, row.VersionId);
        Id(bytes, ref at, row.ActivityId);
        Int(bytes, ref at, row.VersionNumber);
        Id(bytes, ref at, row.WorkerId ?? Guid.Empty);
        Id(bytes, ref at, row.TypeId);
        bytes[at++] = (byte)row.Subject;
        bytes[at++] = (byte)row.Approval;
        Int(bytes, ref at, row.IssueOn?.DayNumber ?? -1);
        Int(bytes, ref at, row.ExpiryOn?.DayNumber ?? -1);
        bytes[at++] = number is null ? (byte)0 : (byte)1;
        if (number is not null) at += PlanWriter.Encode(bytes[at..], number);
        Int(bytes, ref at, row.Entry);
        w.Advance(at);

        static void Id(Span<byte> to, ref int at, Guid value)
        {
            value.TryWriteBytes(to[at..]);
            at += 16;
        }

        static void Int(Span<byte> to, ref int at, int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(to[at..], value);
            at += 4;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PlannedRow ReadRow(PlanReader r)
    {
        var kind = (PlannedKind)r.ReadByte();
        var credentialId = r.ReadGuid();
        var versionId = r.ReadGuid();
        var activityId = r.ReadGuid();
        var number = r.ReadInt32();
        var worker = r.ReadGuid();
        var type = r.ReadGuid();
        var subject = (CredentialSubject)r.ReadByte();
        var approval = (Approval)r.ReadByte();
        var issue = r.ReadInt32();
        var expiry = r.ReadInt32();
        var credentialNumber = r.ReadBoolean() ? r.ReadString() : null;
        var entry = r.ReadInt32();
        return new PlannedRow(kind, credentialId, versionId, activityId, number, worker == Guid.Empty ? null : worker, type, subject, approval,
            issue < 0 ? null : DateOnly.FromDayNumber(issue), expiry < 0 ? null : DateOnly.FromDayNumber(expiry), credentialNumber, entry);
    }

    private static void WriteFile(PlanWriter w, PlannedFile file)
    {
        w.Write(file.FileId);
        w.Write(file.VersionId);
        w.Write(file.StorageKey);
        w.Write(file.FileName);
        w.Write(file.ContentType);
        w.Write(file.Size);
        w.Write(file.Sha256);
    }

    private static PlannedFile ReadFile(PlanReader r) =>
        new(r.ReadGuid(), r.ReadGuid(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadString());
}

/// <summary>Encodes plan entries into a buffer and writes it to the file when full (or when flushed).</summary>
internal sealed class PlanWriter(Stream stream, int bufferSize)
{
    private byte[] _buffer = new byte[bufferSize];
    private int _used;
    private long _flushed;

    public void Write(byte value) => Take(1)[0] = value;
    public void Write(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;
    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);
    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    public void Write(Guid value) => value.TryWriteBytes(Take(16));

    public void Write(string value) => Advance(Encode(Reserve(MaxBytes(value)), value));

    /// <summary>At most how many bytes <see cref="Encode"/> writes for <paramref name="value"/>.</summary>
    public static int MaxBytes(string value) => 5 + Encoding.UTF8.GetMaxByteCount(value.Length);

    /// <summary>Writes a string as BinaryWriter does, its UTF-8 length 7 bits a byte and then its UTF-8; returns the bytes written.</summary>
    public static int Encode(Span<byte> to, string value)
    {
        var at = Prefix(to, Encoding.UTF8.GetByteCount(value));
        return at + Encoding.UTF8.GetBytes(value, to[at..]);
    }

    /// <summary>
    /// A piece of the buffer of at least <paramref name="count"/> bytes to encode into (the buffer grows for more than
    /// it holds); <see cref="Advance"/> then says how much of it was used.
    /// </summary>
    public Span<byte> Reserve(int count)
    {
        if (_used + count > _buffer.Length) Flush();
        if (count > _buffer.Length) _buffer = new byte[count];
        return _buffer.AsSpan(_used);
    }

    public void Advance(int count) => _used += count;

    private static int Prefix(Span<byte> to, int length)
    {
        var written = 0;
        for (var rest = (uint)length; ; rest >>= 7)
        {
            if (rest < 0x80)
            {
                to[written++] = (byte)rest;
                return written;
            }
            to[written++] = (byte)(rest | 0x80);
        }
    }

    /// <summary>Appends what is buffered to the file (wherever a reader left the file's position).</summary>
    public void Flush()
    {
        stream.Position = _flushed;
        stream.Write(_buffer, 0, _used);
        _flushed += _used;
        _used = 0;
    }

    private Span<byte> Take(int count)
    {
        var span = Reserve(count)[..count];
        _used += count;
        return span;
    }
}

/// <summary>Reads what <see cref="PlanWriter"/> wrote, a buffer of the file at a time.</summary>
internal sealed class PlanReader(Stream stream, int bufferSize)
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _at;
    private int _end;

    public byte ReadByte() => Take(1)[0];
    public bool ReadBoolean() => Take(1)[0] != 0;
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public Guid ReadGuid() => new(Take(16));

    public string ReadString()
    {
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28) throw new InvalidDataException("The import plan is damaged.");
            var part = ReadByte();
            length |= (part & 0x7F) << shift;
            if (part < 0x80) break;
        }
        if (length <= _buffer.Length) return Encoding.UTF8.GetString(Take(length));
        var bytes = new byte[length];
        var buffered = _end - _at;
        _buffer.AsSpan(_at, buffered).CopyTo(bytes);
        _at = _end;
        stream.ReadExactly(bytes, buffered, length - buffered);
        return Encoding.UTF8.GetString(bytes);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_end - _at < count)
        {
            var kept = _end - _at;
            _buffer.AsSpan(_at, kept).CopyTo(_buffer);
            (_at, _end) = (0, kept);
            while (_end < count)
            {
                var read = stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0) throw new EndOfStreamException("The import plan ends early.");
                _end += read;
            }
        }
        var span = _buffer.AsSpan(_at, count);
        _at += count;
        return span;
    }
}
