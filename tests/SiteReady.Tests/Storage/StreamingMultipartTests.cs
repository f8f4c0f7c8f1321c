using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Storage;

public sealed class StreamingMultipartTests : IDisposable
{
    private readonly ScratchData _data = new();
    private readonly StreamingMultipart _multipart;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public StreamingMultipartTests() => _multipart = new StreamingMultipart(new UploadSpool(_data.Paths, new FakeClock()));

    public void Dispose() => _data.Dispose();

    private static ByteArrayContent File(byte[] content, string contentType = "application/octet-stream")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return part;
    }

    private static async Task<DefaultHttpContext> RequestWith(HttpContent content, int? cutAt = null)
    {
        var bytes = await content.ReadAsByteArrayAsync();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = content.Headers.ContentType!.ToString();
        context.Request.Body = new MemoryStream(bytes, 0, cutAt ?? bytes.Length);
        return context;
    }

    private string[] SpooledFiles() => Directory.GetFiles(_data.Paths.SpoolDirectory);

    [Fact]
    public async Task Fields_and_two_files_are_read_and_the_files_spooled()
    {
        var pdf = Samples.Pdf(300_000);
        var jpeg = Samples.Jpeg(50_000);
        var form = new MultipartFormDataContent
        {
            { new StringContent("Forklift licence"), "title" },
            { new StringContent("2026-01-02"), "issueDate" },
            { File(pdf, "application/pdf"), "files", "licence front.pdf" },
            { File(jpeg, "image/jpeg"), "files", "../../back.jpg" },
        };
        var context = await RequestWith(form);

        using var read = await _multipart.ReadAsync(context.Request, _ct);

        Assert.Equal("Forklift licence", read.Field("title"));
        Assert.Equal("2026-01-02", read.Field("ISSUEDATE")); // names match as in ASP.NET forms
        Assert.Null(read.Field("missing"));
        Assert.Collection(read.Files,
            f =>
            {
                Assert.Equal(("files", "licence front.pdf", "application/pdf", 300_000L), (f.Field, f.FileName, f.ContentType, f.Size));
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), f.Sha256);
            },
            f =>
            {
                Assert.Equal(("files", "back.jpg", "image/jpeg", 50_000L), (f.Field, f.FileName, f.ContentType, f.Size));
                Assert.Equal(jpeg, System.IO.File.ReadAllBytes(f.TempPath));
            });
        Assert.Equal(2, SpooledFiles().Length);

        read.Dispose();
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public async Task Afterwards_the_request_form_holds_the_fields_so_antiforgery_can_check_them_without_rereading_the_body()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("token-value"), "__RequestVerificationToken" },
            { File(Samples.Png()), "files", "a.png" },
        };
        var context = await RequestWith(form);

        using var read = await _multipart.ReadAsync(context.Request, _ct);

        var again = await context.Request.ReadFormAsync(_ct);
        Assert.Equal("token-value", again["__RequestVerificationToken"].ToString());
        Assert.Empty(again.Files);
    }

    [Fact]
    public async Task A_field_sent_twice_keeps_both_values()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("a"), "locationIds" },
            { new StringContent("b"), "locationIds" },
        };

        using var read = await _multipart.ReadAsync((await RequestWith(form)).Request, _ct);

        Assert.Equal(new[] { "a", "b" }, read.Fields["locationIds"].ToArray());
        Assert.Empty(read.Files);
    }

    [Fact]
    public async Task More_than_ten_files_are_refused_and_the_ones_already_spooled_are_deleted()
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < 11; i++) form.Add(File(Samples.Png()), "files", $"p{i}.png");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await _multipart.ReadAsync((await RequestWith(form)).Request, _ct));

        Assert.Equal(["Send at most 10 files at once."], refused.Errors["files"]);
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public async Task Ten_files_are_accepted()
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < 10; i++) form.Add(File(Samples.Png()), "files", $"p{i}.png");

        using var read = await _multipart.ReadAsync((await RequestWith(form)).Request, _ct);

        Assert.Equal(10, read.Files.Count);
    }

    [Fact]
    public async Task The_caller_may_allow_fewer_files()
    {
        var form = new MultipartFormDataContent
        {
            { File(Samples.Png()), "photo", "a.png" },
            { File(Samples.Png()), "photo", "b.png" },
        };

        var refused = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await _multipart.ReadAsync((await RequestWith(form)).Request, maxFiles: 1, _ct));

        Assert.Equal(["Send one file only."], refused.Errors["photo"]);
    }

    [Fact]
    public async Task A_refused_file_after_an_accepted_one_leaves_nothing_in_the_spool()
    {
        var form = new MultipartFormDataContent
        {
            { File(Samples.Pdf()), "files", "good.pdf" },
            { File(Samples.Html()), "files", "bad.pdf" },
        };

        var refused = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await _multipart.ReadAsync((await RequestWith(form)).Request, _ct));

        Assert.Equal(["Only JPEG, PNG, HEIC and PDF files are accepted."], refused.Errors["files"]);
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public async Task After_a_refused_file_the_request_form_holds_the_fields_read_before_it_so_a_page_can_show_them_again()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("N-42"), "credentialNumber" },
            { File(Samples.Html()), "files", "bad.pdf" },
            { new StringContent("after"), "late" },
        };
        var context = await RequestWith(form);

        await Assert.ThrowsAsync<RequestValidationException>(async () => await _multipart.ReadAsync(context.Request, _ct));

        var kept = await context.Request.ReadFormAsync(_ct);
        Assert.Equal("N-42", kept["credentialNumber"].ToString());
        Assert.False(kept.ContainsKey("late"));
    }

    [Theory]
    [InlineData("application/json", "{\"title\":\"x\"}")]
    [InlineData("application/x-www-form-urlencoded", "title=x")]
    [InlineData("text/plain", "x")]
    [InlineData(null, "x")]
    public async Task A_request_that_is_not_multipart_is_refused_as_unsupported_media(string? contentType, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => _multipart.ReadAsync(context.Request, _ct));

        Assert.Equal(415, refused.StatusCode);
    }

    [Fact]
    public async Task Multipart_without_a_boundary_is_a_bad_request()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "multipart/form-data";
        context.Request.Body = new MemoryStream();

        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => _multipart.ReadAsync(context.Request, _ct));

        Assert.Equal(400, refused.StatusCode);
    }

    [Fact]
    public async Task A_body_cut_short_in_a_file_is_a_bad_request_and_leaves_nothing_in_the_spool()
    {
        var form = new MultipartFormDataContent
        {
            { File(Samples.Pdf(10_000)), "files", "a.pdf" },
            { File(Samples.Pdf(100_000)), "files", "b.pdf" },
        };
        var context = await RequestWith(form, cutAt: 60_000);

        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => _multipart.ReadAsync(context.Request, _ct));

        Assert.Equal(400, refused.StatusCode);
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public async Task A_text_field_over_4_KB_is_refused()
    {
        var form = new MultipartFormDataContent { { new StringContent(new string('x', StreamingMultipart.MaxFieldBytes + 1)), "notes" } };

        var refused = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await _multipart.ReadAsync((await RequestWith(form)).Request, _ct));

        Assert.Equal(["At most 4096 bytes."], refused.Errors["notes"]);
    }

    [Fact]
    public async Task A_text_field_of_exactly_4_KB_is_accepted()
    {
        var form = new MultipartFormDataContent { { new StringContent(new string('x', StreamingMultipart.MaxFieldBytes)), "notes" } };

        using var read = await _multipart.ReadAsync((await RequestWith(form)).Request, _ct);

        Assert.Equal(StreamingMultipart.MaxFieldBytes, read.Field("notes")!.Length);
    }

    [Fact]
    public async Task More_than_fifty_fields_are_refused()
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i <= StreamingMultipart.MaxFields; i++) form.Add(new StringContent("v"), $"f{i}");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await _multipart.ReadAsync((await RequestWith(form)).Request, _ct));

        Assert.Equal(["The form has more than 50 fields."], refused.Errors["f50"]);
    }

    [Fact]
    public async Task A_file_input_left_empty_is_skipped()
    {
        var form = new MultipartFormDataContent { { new StringContent("x"), "title" } };
        var empty = new ByteArrayContent([]);
        empty.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = "\"\"" };
        form.Add(empty);

        using var read = await _multipart.ReadAsync((await RequestWith(form)).Request, _ct);

        Assert.Empty(read.Files);
        Assert.Equal("x", read.Field("title"));
    }

    [Fact]
    public async Task A_part_without_a_form_data_name_is_a_bad_request()
    {
        var form = new MultipartFormDataContent();
        var part = new StringContent("x");
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment");
        form.Add(part);

        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(async () =>
            await _multipart.ReadAsync((await RequestWith(form)).Request, _ct));

        Assert.Equal(400, refused.StatusCode);
    }

    [Fact]
    public async Task The_request_body_limit_is_raised_to_what_ten_full_files_need()
    {
        var context = await RequestWith(new MultipartFormDataContent { { new StringContent("x"), "title" } });
        var limit = new BodySizeLimit();
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);

        using var read = await _multipart.ReadAsync(context.Request, _ct);

        Assert.InRange(limit.MaxRequestBodySize!.Value, 10 * UploadSpool.MaxBytes, 11 * UploadSpool.MaxBytes);
    }

    private sealed class BodySizeLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;
        public long? MaxRequestBodySize { get; set; } = 30_000_000;
    }
}
