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
    public Task<SpooledFile> ReadAsync(Stream source, string? fileName, string field, long maxBytes, Func<ReadOnlyMemory<byte>, string> contentTypeOf,
        CancellationToken ct) =>
        UploadSpool.SpoolAsync(paths.SpoolDirectory, source, fileName, field, maxBytes, $"The file may be at most {maxBytes / (1024 * 1024)} MiB.",
            HeadLength, 256 * 1024, contentTypeOf, ct);
}
