using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// The ZIP of credential files that comes with an import (R-K7, R-K8). Its directory is checked before any
/// entry is opened: safe names (no <c>..</c>, no absolute paths, no backslashes or control characters), at
/// most <see cref="MaxEntries"/> entries, each declared at most 20 MiB, together at most <see cref="MaxTotalBytes"/>.
/// Entries are only ever decompressed through a counter that stops at the declared size (headers can lie),
/// straight into the file store under server-made keys: nothing is extracted to a path taken from the ZIP.
/// </summary>
public sealed class MediaArchive : IDisposable
{
    public const int MaxEntries = 100_000;
    public const long MaxEntryBytes = UploadSpool.MaxBytes;
    public const long MaxTotalBytes = 4L * 1024 * 1024 * 1024;
    public const int MaxNameLength = 1024;
    private const string Field = "media";

    private readonly ZipArchive _zip;
    private readonly List<ZipArchiveEntry> _entries;
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byNameIgnoringCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, EntryCheck> _checked = [];

    /// <summary>What reading an entry found: its type, size and hash, or why it cannot be used.</summary>
    public sealed record EntryCheck(string? ContentType, long Size, string Sha256, string? Problem);

    private MediaArchive(ZipArchive zip)
    {
        _zip = zip;
        _entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        for (var i = 0; i < _entries.Count; i++)
        {
            _byName[_entries[i].FullName] = i;
            // A name that differs only by case from another is found only by its exact spelling.
            if (!_byNameIgnoringCase.TryAdd(_entries[i].FullName, i)) _byNameIgnoringCase[_entries[i].FullName] = -1;
        }
    }

    /// <summary>Opens a ZIP (seekable) after checking its directory.</summary>
    /// <exception cref="RequestValidationException">For the field <c>media</c>, saying what is wrong with the ZIP.</exception>
    public static MediaArchive Open(Stream content)
    {
        ZipArchive zip;
        try
        {
            // ZipArchive reads the whole directory into objects at once; a hostile one could hold millions of entries.
            if (CountEntries(content) is { } problem) throw RequestValidationException.For(Field, problem);
            content.Position = 0;
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or RequestValidationException)
        {
            content.Dispose();
            if (e is RequestValidationException) throw;
            throw RequestValidationException.For(Field, "The media file is not a readable ZIP archive.");
        }
        try
        {
            Check(zip);
            return new MediaArchive(zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Refuses anything that is not a ZIP by its first bytes (a local file header, or the end record of an empty ZIP).</summary>
    public static string ContentTypeOf(ReadOnlyMemory<byte> head)
    {
        var span = head.Span;
        if (span.StartsWith("PK\x03\x04"u8) || span.StartsWith("PK\x05\x06"u8)) return "application/zip";
        throw RequestValidationException.For(Field, "Send the credential files as one ZIP archive.");
    }

    public int Count => _entries.Count;

    /// <summary>The entry a CSV row names: its exact name, else the one entry whose name matches ignoring case.</summary>
    public int? Find(string name)
    {
        if (_byName.TryGetValue(name, out var exact)) return exact;
        return _byNameIgnoringCase.TryGetValue(name, out var loose) && loose >= 0 ? loose : null;
    }

    public string NameOf(int entry) => _entries[entry].FullName;

    /// <summary>Reads the entry once (within its limits) to learn its type by content, size and hash; remembered per entry.</summary>
    public EntryCheck Inspect(int entry)
    {
        if (_checked.TryGetValue(entry, out var known)) return known;
        var zipEntry = _entries[entry];
        EntryCheck result;
        try
        {
            using var content = OpenLimited(zipEntry);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int head = 0, read;
                while (head < FileSignatures.HeadLength && (read = content.Read(buffer, head, FileSignatures.HeadLength - head)) > 0) head += read;
                var contentType = head == 0 ? null : FileSignatures.ContentTypeOf(buffer.AsSpan(0, head));
                long size = head;
                var crc = Crc32.Start;
                if (contentType is not null)
                {
                    hash.AppendData(buffer, 0, head);
                    crc = Crc32.Append(crc, buffer.AsSpan(0, head));
                    while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                        size += read;
                    }
                }
                var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                result = size == 0 ? new EntryCheck(null, 0, sha, $"{zipEntry.FullName} in the ZIP is empty.")
                    : contentType is null ? new EntryCheck(null, size, sha, $"{zipEntry.FullName} in the ZIP is not a JPEG, PNG, HEIC or PDF file (judged by its content, not its name).")
                    // .NET stops decompressing at the declared size, so a header that understates it shows as a checksum that does not match.
                    : Crc32.End(crc) != zipEntry.Crc32 ? new EntryCheck(null, size, sha,
                        $"{zipEntry.FullName} in the ZIP does not match its checksum: the archive is damaged, or its header understates the size (a decompression bomb). It was not extracted.")
                    : new EntryCheck(contentType, size, sha, null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            result = new EntryCheck(null, 0, "", e is EntryTooLargeException tooLarge ? tooLarge.Message.Replace("{name}", zipEntry.FullName)
                : $"{zipEntry.FullName} in the ZIP cannot be read ({(zipEntry.IsEncrypted ? "it is encrypted" : "it is damaged or uses an unsupported compression")}).");
        }
        _checked[entry] = result;
        return result;
    }

    /// <summary>The entry's bytes for storing; exactly the size <see cref="Inspect"/> found, or it throws.</summary>
    public Stream OpenChecked(int entry)
    {
        var check = Inspect(entry);
        if (check.Problem is not null) throw new InvalidOperationException(check.Problem);
        return new LimitedStream(_entries[entry].Open(), check.Size, exact: true);
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>
    /// Counts the central directory's entries from the end record (ZIP64 too) and walks the directory's headers,
    /// never holding more than one: why the ZIP is refused, or null when it has at most <see cref="MaxEntries"/>.
    /// </summary>
    private static string? CountEntries(Stream zip)
    {
        const string Unreadable = "The media file is not a readable ZIP archive.";
        var tooMany = $"The ZIP has more than {MaxEntries:N0} entries; split the import.";
        var length = zip.Length;
        var tail = new byte[(int)Math.Min(length, 22 + 65_535 + 20)]; // end record, its comment, the ZIP64 locator before it
        zip.Position = length - tail.Length;
        zip.ReadExactly(tail);
        var end = -1;
        for (var i = tail.Length - 22; i >= 0 && end < 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == 0x06054B50) end = i;
        if (end < 0) return Unreadable;
        long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        if ((entries == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF) && end >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 20)) == 0x07064B50)
        {
            var record = new byte[56];
            zip.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(end - 12));
            if (zip.Position + record.Length > length) return Unreadable;
            zip.ReadExactly(record);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != 0x06064B50) return Unreadable;
            entries = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), long.MaxValue);
            size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)), long.MaxValue);
            offset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)), long.MaxValue);
        }
        if (entries > MaxEntries) return tooMany;
        if (offset < 0 || size < 0 || offset + size > length) return Unreadable;

        // The end record may understate the count: walk the headers, 46 bytes plus three variable lengths each.
        zip.Position = offset;
        var reader = new BufferedStream(zip, 64 * 1024); // not disposed: that would close the ZIP
        Span<byte> header = stackalloc byte[46];
        long walked = 0, at = offset;
        try
        {
            while (at + 4 <= length)
            {
                reader.ReadExactly(header[..4]);
                if (BinaryPrimitives.ReadUInt32LittleEndian(header) != 0x02014B50) break; // the directory ends
                if (++walked > MaxEntries) return tooMany;
                reader.ReadExactly(header[4..]);
                var rest = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[30..])
                    + BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
                at += 46 + rest;
                if (at > length) return Unreadable;
                reader.Seek(at, SeekOrigin.Begin);
            }
        }
        catch (EndOfStreamException)
        {
            return Unreadable;
        }
        return null;
    }

    private static LimitedStream OpenLimited(ZipArchiveEntry entry) =>
        // The declared size is a claim; decompression stops one byte past it (and never beyond 20 MiB).
        new(entry.Open(), Math.Min(entry.Length, MaxEntryBytes), exact: false);

    private static void Check(ZipArchive zip)
    {
        var problems = new List<string>();
        var entries = zip.Entries;
        if (entries.Count > MaxEntries)
            throw RequestValidationException.For(Field, $"The ZIP has {entries.Count} entries; at most {MaxEntries} are allowed. Split the import.");
        long total = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (UnsafeName(entry.FullName) is { } why) problems.Add($"'{Shown(entry.FullName)}' {why}.");
            else if (!names.Add(entry.FullName)) problems.Add($"'{Shown(entry.FullName)}' appears twice.");
            if (entry.Length > MaxEntryBytes) problems.Add($"'{Shown(entry.FullName)}' is {entry.Length / (1024 * 1024)} MiB; each file may be at most 20 MiB.");
            if (entry.Length < 0 || entry.CompressedLength < 0) problems.Add($"'{Shown(entry.FullName)}' has a damaged header.");
            total += Math.Max(0, entry.Length);
        }
        if (total > MaxTotalBytes) problems.Add($"The files in the ZIP add up to {total / (1024 * 1024)} MiB; at most {MaxTotalBytes / (1024 * 1024)} MiB are allowed.");
        if (problems.Count == 0) return;
        var shown = problems.Take(20).ToList();
        if (problems.Count > shown.Count) shown.Add($"… and {problems.Count - shown.Count} more.");
        throw new RequestValidationException(new Dictionary<string, string[]> { [Field] = ["The ZIP was refused; nothing was extracted.", .. shown] });
    }

    /// <summary>Why an entry name is refused, or null: names are only ever labels, but a name that would escape a folder betrays a hostile archive.</summary>
    public static string? UnsafeName(string name)
    {
        if (name.Length == 0) return "has no name";
        if (name.Length > MaxNameLength) return "has a name that is too long";
        if (name.Contains('\\')) return "contains a backslash";
        if (name[0] == '/' || (name.Length > 1 && name[1] == ':' && char.IsAsciiLetter(name[0]))) return "is an absolute path";
        foreach (var c in name)
            if (char.IsControl(c)) return "contains a control character";
        foreach (var part in name.Split('/'))
            if (part == "..") return "climbs out of its folder (..)";
        return null;
    }

    private static string Shown(string name) => name.Length > 80 ? name[..80] + "…" : new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private sealed class EntryTooLargeException(string message) : IOException(message);

    /// <summary>Passes at most <c>limit</c> bytes through; one more is an error, as is (when exact) one fewer.</summary>
    private sealed class LimitedStream(Stream inner, long limit, bool exact) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => -1;
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Ask for at most one byte past the limit: that byte is enough to refuse.
            var wanted = (int)Math.Min(buffer.Length, limit + 1 - _read);
            var read = wanted <= 0 ? 0 : inner.Read(buffer[..wanted]);
            _read += read;
            if (_read > limit)
                throw new EntryTooLargeException(limit >= MaxEntryBytes
                    ? "{name} in the ZIP is larger than 20 MiB."
                    : "{name} in the ZIP holds more data than its header declares: the ZIP was refused (a decompression bomb?).");
            if (read == 0 && exact && _read != limit) throw new InvalidDataException("The entry changed size while it was read.");
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer.AsSpan(offset, count)));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>CRC-32 as ZIP uses it (IEEE 802.3, reflected), to hold an entry to its recorded checksum.</summary>
    private static class Crc32
    {
        public const uint Start = 0xFFFF_FFFF;
        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        public static uint End(uint crc) => crc ^ 0xFFFF_FFFF;
    }
}
