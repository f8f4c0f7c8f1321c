using System.Security.Cryptography;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Storage;

public sealed class UploadSpoolTests : IDisposable
{
    private readonly ScratchData _data = new();
    private readonly UploadSpool _spool;

    public UploadSpoolTests() => _spool = new UploadSpool(_data.Paths, new FakeClock());

    public void Dispose() => _data.Dispose();

    public static TheoryData<string, byte[], string> AcceptedFiles => new()
    {
        { "photo.jpg", Samples.Jpeg(), "image/jpeg" },
        { "scan.png", Samples.Png(), "image/png" },
        { "licence.pdf", Samples.Pdf(), "application/pdf" },
        { "IMG_0001.HEIC", Samples.Heic(), "image/heic" },
        { "IMG_0002.heif", Samples.HeifByCompatibleBrand(), "image/heic" },
    };

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public async Task Each_accepted_type_is_spooled_with_the_content_type_its_first_bytes_show(string name, byte[] content, string contentType)
    {
        using var file = await _spool.ReadAsync(new MemoryStream(content), name, "files", TestContext.Current.CancellationToken);

        Assert.Equal(contentType, file.ContentType);
        Assert.Equal(name, file.FileName);
        Assert.Equal("files", file.Field);
        Assert.Equal(content.Length, file.Size);
        Assert.Equal(content, await File.ReadAllBytesAsync(file.TempPath, TestContext.Current.CancellationToken));
        Assert.StartsWith(_data.Paths.SpoolDirectory, file.TempPath);
    }

    [Fact]
    public async Task The_content_type_comes_from_the_bytes_not_the_name()
    {
        using var file = await _spool.ReadAsync(new MemoryStream(Samples.Png()), "really-a-png.pdf", "files", TestContext.Current.CancellationToken);

        Assert.Equal("image/png", file.ContentType);
        Assert.Equal("really-a-png.pdf.png", file.FileName);
    }

    [Fact]
    public async Task The_sha256_is_of_the_whole_content()
    {
        var content = Samples.Pdf(300_000);

        using var file = await _spool.ReadAsync(new MemoryStream(content), "a.pdf", "files", TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256);
    }

    public static TheoryData<string, byte[]> RefusedFiles => new()
    {
        { "HTML renamed .pdf", Samples.Html() },
        { "an MP4 video", Samples.Mp4() },
        { "a PDF header after one stray byte", [0x20, .. Samples.Pdf()] },
        { "a lone JPEG marker", [0xFF, 0xD8] },
        { "a ZIP", Samples.Pad([0x50, 0x4B, 0x03, 0x04], 100) },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task Anything_else_is_refused_as_not_an_accepted_type(string what, byte[] content)
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            _spool.ReadAsync(new MemoryStream(content), "licence.pdf", "files", TestContext.Current.CancellationToken));

        Assert.Equal(["Only JPEG, PNG, HEIC and PDF files are accepted."], refused.Errors["files"]);
        Assert.True(Directory.GetFiles(_data.Paths.SpoolDirectory).Length == 0, $"{what}: the refused upload's temporary file was left behind");
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            _spool.ReadAsync(new MemoryStream(), "empty.pdf", "media", TestContext.Current.CancellationToken));

        Assert.Equal(["The file is empty."], refused.Errors["media"]);
        Assert.Empty(Directory.GetFiles(_data.Paths.SpoolDirectory));
    }

    [Fact]
    public async Task A_file_of_exactly_20_MiB_is_accepted()
    {
        var source = new GeneratedStream(Samples.Pdf(16), length: 20 * 1024 * 1024);

        using var file = await _spool.ReadAsync(source, "big.pdf", "files", TestContext.Current.CancellationToken);

        Assert.Equal(20 * 1024 * 1024, file.Size);
        Assert.Equal(20 * 1024 * 1024, new FileInfo(file.TempPath).Length);
    }

    [Fact]
    public async Task A_file_one_byte_over_20_MiB_is_refused()
    {
        var source = new GeneratedStream(Samples.Pdf(16), length: 20 * 1024 * 1024 + 1);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            _spool.ReadAsync(source, "big.pdf", "files", TestContext.Current.CancellationToken));

        Assert.Equal(["Each file may be at most 20 MiB."], refused.Errors["files"]);
        Assert.Empty(Directory.GetFiles(_data.Paths.SpoolDirectory));
    }

    [Fact]
    public async Task Reading_stops_one_byte_past_the_limit_however_long_the_upload_is()
    {
        var endless = new GeneratedStream(Samples.Jpeg(16), length: long.MaxValue);

        await Assert.ThrowsAsync<RequestValidationException>(() =>
            _spool.ReadAsync(endless, "endless.jpg", "files", TestContext.Current.CancellationToken));

        Assert.Equal(UploadSpool.MaxBytes + 1, endless.BytesRead);
    }

    [Fact]
    public async Task A_refused_type_is_refused_before_the_rest_of_the_upload_is_read()
    {
        var endless = new GeneratedStream(Samples.Html(), length: long.MaxValue);

        await Assert.ThrowsAsync<RequestValidationException>(() =>
            _spool.ReadAsync(endless, "page.pdf", "files", TestContext.Current.CancellationToken));

        Assert.True(endless.BytesRead <= FileSignatures.HeadLength, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public async Task A_stream_that_hands_out_one_byte_at_a_time_is_still_recognised()
    {
        var content = Samples.Png(5000);

        using var file = await _spool.ReadAsync(new GeneratedStream(content, content.Length, maxChunk: 1), "p.png", "files", TestContext.Current.CancellationToken);

        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\x.pdf", "x.pdf")]
    [InlineData("C:\\temp\\a.pdf", "a.pdf")]
    [InlineData("/var/www/../../a.pdf", "a.pdf")]
    [InlineData("..", "file.pdf")]
    [InlineData("", "file.pdf")]
    [InlineData(null, "file.pdf")]
    public async Task Path_parts_of_the_uploaded_name_are_dropped(string? name, string expected)
    {
        using var file = await _spool.ReadAsync(new MemoryStream(Samples.Pdf()), name, "files", TestContext.Current.CancellationToken);

        Assert.Equal(expected, file.FileName);
    }

    [Theory]
    [InlineData("..\\x.png", "image/png", "x.png")]
    [InlineData("C:\\temp\\a.jpg", "image/jpeg", "a.jpg")]
    [InlineData("C:a.jpeg", "image/jpeg", "Ca.jpeg")]
    [InlineData("scan\r\nX-Injected: 1.pdf", "application/pdf", "scanX-Injected 1.pdf")]
    [InlineData("a\0b\u0007.png", "image/png", "ab.png")]
    [InlineData("invoice\u202Egpj.exe", "image/jpeg", "invoicegpj.exe.jpg")]
    [InlineData("page.html", "application/pdf", "page.html.pdf")]
    [InlineData("  .hidden.pdf. ", "application/pdf", "hidden.pdf")]
    [InlineData("IMG_1.HEIC", "image/heic", "IMG_1.HEIC")]
    [InlineData("Prüfbericht 2026.pdf", "application/pdf", "Prüfbericht 2026.pdf")]
    public void Display_names_lose_directories_control_characters_and_misleading_extensions(string name, string contentType, string expected) =>
        Assert.Equal(expected, FileNames.Sanitise(name, contentType));

    [Fact]
    public void Long_names_are_cut_keeping_the_extension()
    {
        var name = FileNames.Sanitise(new string('a', 500) + ".pdf", "application/pdf");

        Assert.Equal(FileNames.MaxLength, name.Length);
        Assert.EndsWith("aaa.pdf", name);
    }

    [Fact]
    public async Task Disposing_the_spooled_file_deletes_it()
    {
        var file = await _spool.ReadAsync(new MemoryStream(Samples.Jpeg()), "a.jpg", "files", TestContext.Current.CancellationToken);
        Assert.True(File.Exists(file.TempPath));

        file.Dispose();

        Assert.False(File.Exists(file.TempPath));
    }

    [Fact]
    public void Uploads_a_crash_left_behind_for_over_a_day_are_swept_when_the_spool_starts()
    {
        var clock = new FakeClock();
        var old = Path.Combine(_data.Paths.SpoolDirectory, "old.upload");
        var recent = Path.Combine(_data.Paths.SpoolDirectory, "recent.upload");
        File.WriteAllBytes(old, [1]);
        File.WriteAllBytes(recent, [1]);
        File.SetLastWriteTimeUtc(old, clock.GetUtcNow().UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(recent, clock.GetUtcNow().UtcDateTime.AddHours(-1));

        _ = new UploadSpool(_data.Paths, clock);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }
}

/// <summary>
/// A non-seekable stream of <paramref name="length"/> bytes: <paramref name="head"/>, then zeros. It counts
/// what was read, so a test can prove a reader stopped early, and hands out at most <paramref name="maxChunk"/> bytes per read.
/// </summary>
public sealed class GeneratedStream(byte[] head, long length, int maxChunk = 64 * 1024) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(Math.Min(buffer.Length, maxChunk), length - BytesRead);
        if (n <= 0) return 0;
        var span = buffer[..n];
        span.Clear();
        if (BytesRead < head.Length)
            head.AsSpan((int)BytesRead, (int)Math.Min(n, head.Length - BytesRead)).CopyTo(span);
        BytesRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer.AsSpan(offset, count)));
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
