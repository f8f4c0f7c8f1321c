using System.Buffers;
using System.Security.Cryptography;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Storage;

/// <summary>
/// An accepted upload waiting in <see cref="TempPath"/> until it is put into the <see cref="IFileStore"/>.
/// Disposing deletes the temporary file.
/// </summary>
/// <param name="Field">The form field (or other input) it came from, for error messages.</param>
/// <param name="FileName">The uploader's name, sanitised by <see cref="FileNames.Sanitise"/>; for display only.</param>
/// <param name="ContentType">Decided by the first bytes: one of <see cref="FileSignatures"/>' types.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the content.</param>
public sealed record SpooledFile(string Field, string FileName, string ContentType, long Size, string Sha256, string TempPath) : IDisposable
{
    public Stream OpenRead() =>
        new FileStream(TempPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Dispose()
    {
        try { File.Delete(TempPath); }
        catch (IOException) { } // still open elsewhere: the spool sweeps leftovers on start-up
    }
}

/// <summary>
/// Receives an upload into a temporary file under the data directory, refusing it as soon as it is
/// not acceptable: not JPEG, PNG, HEIC or PDF by its first bytes, empty, or over <see cref="MaxBytes"/>
/// (it never reads more than one byte past the limit).
/// </summary>
public sealed class UploadSpool
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const string NotAcceptedMessage = "Only JPEG, PNG, HEIC and PDF files are accepted.";
    public const string TooLargeMessage = "Each file may be at most 20 MiB.";
    public const string EmptyMessage = "The file is empty.";
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromDays(1);
    private readonly string _directory;

    public UploadSpool(SiteReadyPaths paths, TimeProvider clock)
    {
        _directory = paths.SpoolDirectory;
        SweepLeftovers(clock.GetUtcNow() - LeftoverAge);
    }

    /// <summary>Reads <paramref name="source"/> to its end into a temporary file; the caller disposes the result.</summary>
    /// <exception cref="RequestValidationException">For <paramref name="field"/>, when the content is refused.</exception>
    public Task<SpooledFile> ReadAsync(Stream source, string? fileName, string field, CancellationToken ct) =>
        SpoolAsync(_directory, source, fileName, field, MaxBytes, TooLargeMessage, FileSignatures.HeadLength, 81920,
            head => FileSignatures.ContentTypeOf(head.Span) ?? throw RequestValidationException.For(field, NotAcceptedMessage), ct);

    /// <summary>
    /// Copies <paramref name="source"/> into a new file in <paramref name="directory"/>, hashing it: the type is decided by
    /// the first <paramref name="headLength"/> bytes alone (<paramref name="contentTypeOf"/> throws to refuse them) before
    /// the rest is read, and no more than one byte past <paramref name="maxBytes"/> is ever asked for.
    /// </summary>
    internal static async Task<SpooledFile> SpoolAsync(string directory, Stream source, string? fileName, string field, long maxBytes, string tooLargeMessage,
        int headLength, int bufferSize, Func<ReadOnlyMemory<byte>, string> contentTypeOf, CancellationToken ct)
    {
        var path = Path.Combine(directory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".upload");
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, headLength));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);

            var head = 0;
            var ended = false;
            while (head < headLength && !ended)
            {
                var got = await source.ReadAsync(buffer.AsMemory(head, headLength - head), ct);
                head += got;
                ended = got == 0;
            }
            if (head == 0) throw RequestValidationException.For(field, EmptyMessage);
            var contentType = contentTypeOf(buffer.AsMemory(0, head));

            long size = head;
            hash.AppendData(buffer, 0, head);
            await file.WriteAsync(buffer.AsMemory(0, head), ct);
            while (!ended)
            {
                // Never ask for more than one byte past the limit: that byte is enough to refuse.
                var wanted = (int)Math.Min(buffer.Length, maxBytes + 1 - size);
                var read = await source.ReadAsync(buffer.AsMemory(0, wanted), ct);
                if (read == 0) break;
                size += read;
                if (size > maxBytes) throw RequestValidationException.For(field, tooLargeMessage);
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await file.FlushAsync(ct);
            return new SpooledFile(field, FileNames.Sanitise(fileName, contentType), contentType, size, Convert.ToHexStringLower(hash.GetHashAndReset()), path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Files a crash left behind; a day is far longer than any upload takes.
    private void SweepLeftovers(DateTimeOffset olderThan)
    {
        foreach (var path in Directory.EnumerateFiles(_directory, "*.upload"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(path) < olderThan.UtcDateTime) File.Delete(path);
            }
            catch (IOException) { }
        }
    }
}
