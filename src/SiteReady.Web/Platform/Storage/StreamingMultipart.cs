using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Storage;

/// <summary>A multipart form read by <see cref="StreamingMultipart"/>: its text fields and its accepted files. Disposing deletes the files.</summary>
public sealed record MultipartForm(IReadOnlyDictionary<string, StringValues> Fields, IReadOnlyList<SpooledFile> Files) : IDisposable
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value.ToString() : null;

    public void Dispose()
    {
        foreach (var file in Files) file.Dispose();
    }
}

/// <summary>
/// Reads a <c>multipart/form-data</c> request part by part, never holding the body in memory: text fields
/// (at most <see cref="MaxFields"/>, each at most <see cref="MaxFieldBytes"/>) into a dictionary, each file
/// part straight through <see cref="UploadSpool"/> (at most <c>maxFiles</c>). Use it instead of
/// <c>Request.ReadFormAsync</c> and <c>IFormFile</c>, which buffer every file before any check.
/// </summary>
/// <remarks>
/// Refusals: a body that is not multipart/form-data is a protocol error, not a person's mistake (a browser
/// form with <c>enctype="multipart/form-data"</c> never sends anything else), so it throws
/// <see cref="BadHttpRequestException"/> with 415 (<c>unsupported-media-type</c>), and a malformed or cut-off body
/// one with 400. What a person can fix (a wrong file type, too large, too many files, a field too long)
/// throws <see cref="RequestValidationException"/> naming the field, for a 400 <c>validation-failed</c>
/// or a message beside the input on a page.
/// <para>A Razor Page that uploads: mark the page model <c>[IgnoreAntiforgeryToken]</c> and give it no bound
/// properties or handler parameters (model binding would read the whole form into memory first); read the body
/// here, then call <c>IAntiforgery.ValidateRequestAsync(HttpContext)</c> before changing anything.</para>
/// </remarks>
public sealed class StreamingMultipart(UploadSpool spool)
{
    public const int MaxFiles = 10;
    public const int MaxFields = 50;
    public const int MaxFieldBytes = 4 * 1024;
    private const int MaxBoundaryLength = 70; // RFC 2046

    /// <summary>
    /// Reads the whole form. It raises the request's body size limit to what the caps allow, and afterwards
    /// <c>Request.Form</c> holds the text fields, so antiforgery validation can run without reading the body again.
    /// After a <see cref="RequestValidationException"/> it holds the text fields read before the refused part.
    /// </summary>
    public Task<MultipartForm> ReadAsync(HttpRequest request, CancellationToken ct) => ReadAsync(request, MaxFiles, ct);

    /// <inheritdoc cref="ReadAsync(HttpRequest, CancellationToken)"/>
    /// <param name="maxFiles">Fewer files than <see cref="MaxFiles"/>, e.g. 1 for a single photo.</param>
    public Task<MultipartForm> ReadAsync(HttpRequest request, int maxFiles, CancellationToken ct) =>
        ReadAsync(request, maxFiles, UploadSpool.MaxBytes, spool.ReadAsync, ct);

    /// <summary>
    /// Reads a form whose files are not credential media (a CSV and a ZIP for a bulk import): each file part goes
    /// to <paramref name="spoolFile"/> (body, file name, field, token), which checks the content and enforces
    /// <paramref name="maxFileBytes"/>; the parts are never given more than one byte past it.
    /// </summary>
    public async Task<MultipartForm> ReadAsync(HttpRequest request, int maxFiles, long maxFileBytes,
        Func<Stream, string?, string, CancellationToken, Task<SpooledFile>> spoolFile, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFiles);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFiles, MaxFiles);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException("Send the form as multipart/form-data.", StatusCodes.Status415UnsupportedMediaType);
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
            throw new BadHttpRequestException("The multipart/form-data boundary is missing or longer than 70 characters.");

        // Kestrel's default (about 28 MiB) would cut off a form the caps below allow.
        var sizeLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
            sizeLimit.MaxRequestBodySize = maxFiles * (maxFileBytes + 64 * 1024) + MaxFields * (MaxFieldBytes + 1024) + 64 * 1024;

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxFileBytes + 1 };
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var fieldCount = 0;
        var files = new List<SpooledFile>();
        try
        {
            while (await Malformed.Guard(() => reader.ReadNextSectionAsync(ct)) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) ||
                    HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                    throw new BadHttpRequestException("Every part of the form needs Content-Disposition: form-data with a name.");

                var body = new Malformed(section.Body);
                if (disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
                {
                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                    // Browsers send an empty-named, empty part for a file input left empty.
                    if (string.IsNullOrEmpty(fileName)) continue;
                    if (files.Count >= maxFiles)
                        throw RequestValidationException.For(name, maxFiles == 1 ? "Send one file only." : $"Send at most {maxFiles} files at once.");
                    files.Add(await spoolFile(body, fileName, name, ct));
                }
                else
                {
                    if (++fieldCount > MaxFields)
                        throw RequestValidationException.For(name, $"The form has more than {MaxFields} fields.");
                    fields[name] = StringValues.Concat(fields.GetValueOrDefault(name), await ReadFieldAsync(body, name, ct));
                }
            }
        }
        catch (Exception e)
        {
            foreach (var file in files) file.Dispose();
            // A page shows the refusal beside its form again, filled with the text fields read before it.
            if (e is RequestValidationException) KeepFields(request, fields);
            throw;
        }
        KeepFields(request, fields);
        return new MultipartForm(fields, files);
    }

    private static void KeepFields(HttpRequest request, Dictionary<string, StringValues> fields) =>
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(new FormCollection(new Dictionary<string, StringValues>(fields, StringComparer.OrdinalIgnoreCase))));

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            length += read;
        if (length > MaxFieldBytes)
            throw RequestValidationException.For(name, $"At most {MaxFieldBytes} bytes.");
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// A part's body whose read failures (the client cut the upload short, a broken boundary) become 400s;
    /// failures writing the spooled file stay server errors.
    /// </summary>
    private sealed class Malformed(Stream inner) : Stream
    {
        public static async Task<T> Guard<T>(Func<Task<T>> read)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (e is (IOException or InvalidDataException) and not BadHttpRequestException)
            {
                throw new BadHttpRequestException("The multipart/form-data body is malformed or was cut short.", StatusCodes.Status400BadRequest, e);
            }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => await Guard(() => inner.ReadAsync(buffer, ct).AsTask());
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
