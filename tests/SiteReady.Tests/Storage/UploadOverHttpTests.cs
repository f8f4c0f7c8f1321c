using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Storage;

/// <summary>
/// A small app with the real error handling and security headers and two endpoints shaped like the
/// credential ones: upload through <see cref="StreamingMultipart"/> into the <see cref="IFileStore"/>, and download.
/// </summary>
public sealed class UploadApp : IAsyncLifetime
{
    private readonly ScratchData _data = new();
    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;
    public string SpoolDirectory => _data.Paths.SpoolDirectory;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(_data.Paths);
        builder.Services.AddSingleton<TimeProvider>(new FakeClock());
        builder.Services.AddFileStorage(new ConfigurationBuilder().Build());
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.UseSecurityHeaders();

        _app.MapPost("/api/files", async (HttpRequest request, StreamingMultipart multipart, IFileStore store, TimeProvider clock, CancellationToken ct) =>
        {
            using var form = await multipart.ReadAsync(request, ct);
            var stored = new List<object>();
            foreach (var file in form.Files)
            {
                var key = StorageKeys.New(clock.GetUtcNow());
                await using (var content = file.OpenRead())
                    await store.PutAsync(key, content, file.Size, file.ContentType, ct);
                stored.Add(new { key, file.FileName, file.ContentType, file.Size, file.Sha256 });
            }
            return Results.Ok(new { title = form.Field("title"), files = stored });
        });
        _app.MapGet("/files/{*key}", async (string key, string name, string type, bool? inline, IFileStore store, CancellationToken ct) =>
        {
            var content = await store.OpenReadAsync(key, ct);
            if (content is null) return Results.NotFound();
            return inline == true ? StoredFileResult.Inline(content, type, name, content.Length) : StoredFileResult.Attachment(content, type, name, content.Length);
        });
        await _app.StartAsync();
        Client = _app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class UploadOverHttpTests(UploadApp app) : IClassFixture<UploadApp>
{
    private static ByteArrayContent Part(byte[] content)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    [Fact]
    public async Task Files_uploaded_as_multipart_are_stored_and_downloaded_with_safe_headers()
    {
        var pdf = Samples.Pdf(1_500_000);
        var png = Samples.Png(40_000);
        var form = new MultipartFormDataContent
        {
            { new StringContent("White card"), "title" },
            { Part(pdf), "files", "Prüfbericht: final?.pdf" },
            { Part(png), "files", "..\\photo.png" },
        };

        var response = await app.Client.PostAsync("/api/files", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("White card", body["title"]!.GetValue<string>());
        var files = body["files"]!.AsArray();
        Assert.Equal(["Prüfbericht final.pdf", "photo.png"], files.Select(f => f!["fileName"]!.GetValue<string>()));

        var pdfKey = files[0]!["key"]!.GetValue<string>();
        var download = await app.Client.GetAsync($"/files/{pdfKey}?type=application/pdf&name={Uri.EscapeDataString("Prüfbericht final.pdf")}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf.Length, download.Content.Headers.ContentLength);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("filename*=UTF-8''Pr%C3%BCfbericht%20final.pdf", download.Content.Headers.ContentDisposition.ToString());
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("default-src 'none'; sandbox", Assert.Single(download.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("same-origin", Assert.Single(download.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.True(download.Headers.CacheControl!.NoStore);

        var pngKey = files[1]!["key"]!.GetValue<string>();
        var image = await app.Client.GetAsync($"/files/{pngKey}?type=image/png&name=photo.png&inline=true");
        Assert.Equal("inline", image.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        Assert.Empty(Directory.GetFiles(app.SpoolDirectory));
    }

    [Fact]
    public async Task Only_JPEG_and_PNG_are_ever_shown_inline()
    {
        var form = new MultipartFormDataContent { { Part(Samples.Pdf()), "files", "a.pdf" } };
        var key = (await (await app.Client.PostAsync("/api/files", form)).Content.ReadFromJsonAsync<JsonObject>())!["files"]![0]!["key"]!.GetValue<string>();

        var asPdf = await app.Client.GetAsync($"/files/{key}?type=application/pdf&name=a.pdf&inline=true");
        var asHtml = await app.Client.GetAsync($"/files/{key}?type=text/html&name=a.html&inline=true");

        Assert.Equal("attachment", asPdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("attachment", asHtml.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("application/octet-stream", asHtml.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_file_over_20_MiB_is_a_validation_problem_on_its_field()
    {
        var form = new MultipartFormDataContent { { new StreamContent(new GeneratedStream(Samples.Jpeg(16), UploadSpool.MaxBytes + 1)), "media", "big.jpg" } };

        var response = await app.Client.PostAsync("/api/files", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("validation-failed", problem["code"]!.GetValue<string>());
        Assert.Equal("Each file may be at most 20 MiB.", problem["errors"]!["media"]![0]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(app.SpoolDirectory));
    }

    [Fact]
    public async Task A_json_body_is_an_unsupported_media_type_problem()
    {
        var response = await app.Client.PostAsync("/api/files", new StringContent("{\"title\":\"x\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("unsupported-media-type", problem["code"]!.GetValue<string>());
        Assert.Equal("Send the form as multipart/form-data.", problem["detail"]!.GetValue<string>());
    }
}
