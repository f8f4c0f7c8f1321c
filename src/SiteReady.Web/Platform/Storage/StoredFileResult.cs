using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace SiteReady.Web.Platform.Storage;

/// <summary>
/// Sends a stored file so a browser can never run it: the stored content type (anything unexpected becomes
/// <c>application/octet-stream</c>), <c>nosniff</c>, a CSP that allows nothing and sandboxes the document,
/// <c>Content-Disposition</c> with the sanitised name as <c>filename*=UTF-8''…</c>, no caching by proxies
/// and no use by other sites. Return it from an endpoint (<see cref="IResult"/>) or a page handler
/// (<see cref="IActionResult"/>) after checking the user may see the file; it disposes the stream.
/// </summary>
public sealed class StoredFileResult : IResult, IActionResult
{
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";
    private readonly Stream _content;
    private readonly string _contentType;
    private readonly string _fileName;
    private readonly long? _length;
    private readonly bool _inline;

    private StoredFileResult(Stream content, string contentType, string fileName, long? length, bool inline)
    {
        _content = content;
        _contentType = FileSignatures.IsAccepted(contentType) ? contentType : "application/octet-stream";
        _fileName = FileNames.Sanitise(fileName, _contentType);
        _length = length;
        _inline = inline && FileSignatures.IsShownInline(_contentType);
    }

    /// <summary>A download: the browser saves the file rather than opening it.</summary>
    public static StoredFileResult Attachment(Stream content, string contentType, string fileName, long? length = null) =>
        new(content, contentType, fileName, length, inline: false);

    /// <summary>For <c>&lt;img src&gt;</c> on the app's own pages: JPEG and PNG only; any other type is still sent as an attachment.</summary>
    public static StoredFileResult Inline(Stream content, string contentType, string fileName, long? length = null) =>
        new(content, contentType, fileName, length, inline: true);

    public string ContentType => _contentType;
    public string FileName => _fileName;
    public bool IsInline => _inline;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var content = _content;
        var response = httpContext.Response;
        response.ContentType = _contentType;
        if (_length is { } length) response.ContentLength = length;
        var disposition = new ContentDispositionHeaderValue(_inline ? "inline" : "attachment");
        disposition.SetHttpFileName(_fileName); // filename= (ASCII fallback) and filename*=UTF-8''…
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "private, no-store";
        response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (HttpMethods.IsHead(httpContext.Request.Method)) return;
        await content.CopyToAsync(response.Body, httpContext.RequestAborted);
    }

    Task IActionResult.ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}
