using System.Buffers;
using System.Security.Cryptography;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Storage;

/// <summary>
/// Receives a large upload that is not credential media (a CSV or a ZIP for a bulk import) into a temporary
/// file beside <see cref="UploadSpool"/>'s, which sweeps leftovers the same way. The caller names the limit
/// and decides the content type from the first bytes (or refuses the file); it never reads more than one
/// byte past the limit.
/// </summary>
public sealed class LargeUploadSpool(SiteReadyPaths paths)
{
    /// <summary>How many leading bytes the type check sees (fewer when the file is shorter).</summary>
    public const int HeadLength = 512;

    /// <summary>Reads <paramref name="source"/> to its end; the caller disposes the result.</summary>
    /// <param name="contentTypeOf">The content type of a file starting with these bytes; throws <see cref="RequestValidationException"/> to refuse it.</param>
    /// <exception cref="RequestValidationException">For <paramref name="field"/>, when the content is refused.</exception>
    public async Task<SpooledFile> ReadAsync(Stream source, string? fileName, string field, long maxBytes, Func<ReadOnlyMemory<byte>, string> contentTypeOf,
        CancellationToken ct)
    {
        var path = Path.Combine(paths.SpoolDirectory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".upload");
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            var head = 0;
            var ended = false;
            while (head < HeadLength && !ended)
            {
                var got = await source.ReadAsync(buffer.AsMemory(head, HeadLength - head), ct);
                head += got;
                ended = got == 0;
            }
            if (head == 0) throw RequestValidationException.For(field, UploadSpool.EmptyMessage);
            var contentType = contentTypeOf(buffer.AsMemory(0, head));

            long size = head;
            hash.AppendData(buffer, 0, head);
            await file.WriteAsync(buffer.AsMemory(0, head), ct);
            while (!ended)
            {
                var wanted = (int)Math.Min(buffer.Length, maxBytes + 1 - size);
                var read = await source.ReadAsync(buffer.AsMemory(0, wanted), ct);
                if (read == 0) break;
                size += read;
                if (size > maxBytes) throw RequestValidationException.For(field, $"The file may be at most {maxBytes / (1024 * 1024)} MiB.");
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
}
