using System.Security.Cryptography;
using Amazon.S3;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Storage;

/// <summary>The S3 store against a real S3-compatible server (s3rver).</summary>
public sealed class S3FileStoreTests(S3rver s3) : IClassFixture<S3rver>, IDisposable
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly ScratchData _data = new();

    public void Dispose() => _data.Dispose();

    private S3FileStore Store() => new(s3.Options, _data.Paths);

    private async Task<byte[]> ReadBackAsync(S3FileStore store, string key)
    {
        await using var read = await store.OpenReadAsync(key, _ct);
        Assert.NotNull(read);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy, _ct);
        return copy.ToArray();
    }

    private static string NewKey() => StorageKeys.New(new FakeClock().GetUtcNow()) + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_file_of_a_few_megabytes_is_stored_read_back_identical_and_deleted()
    {
        using var store = Store();
        var key = NewKey();
        var content = Samples.Pdf(5 * 1024 * 1024 + 123);
        var path = Path.Combine(Path.GetTempPath(), "siteready-s3-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, content, _ct);
        try
        {
            // As the app does it: from the spooled file on disk, not from memory.
            await using (var source = File.OpenRead(path))
                await store.PutAsync(key, source, content.Length, "application/pdf", _ct);

            await using (var read = await store.OpenReadAsync(key, _ct))
            {
                Assert.NotNull(read);
                Assert.Equal(content.Length, read.Length);
                var copy = new MemoryStream();
                await read.CopyToAsync(copy, _ct);
                Assert.Equal(SHA256.HashData(content), SHA256.HashData(copy.ToArray()));
            }

            await store.DeleteAsync(key, _ct);

            Assert.Null(await store.OpenReadAsync(key, _ct));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_stored_intact_by_way_of_a_temporary_file()
    {
        using var store = Store();
        var key = NewKey();
        var head = Samples.Jpeg(100);
        const int length = 3 * 1024 * 1024;

        await store.PutAsync(key, new GeneratedStream(head, length), length, "image/jpeg", _ct);

        var stored = await ReadBackAsync(store, key);
        Assert.Equal(length, stored.Length); // not aws-chunked framing
        Assert.Equal(head, stored[..head.Length]);
        Assert.Equal(-1, stored.AsSpan(head.Length).IndexOfAnyExcept((byte)0));
        Assert.Empty(_data.Files());
        await store.DeleteAsync(key, _ct);
    }

    [Fact]
    public async Task A_seekable_stream_is_stored_from_where_it_stands()
    {
        using var store = Store();
        var key = NewKey();
        var content = Samples.Png(10_000);
        var source = new MemoryStream([9, 9, 9, .. content]) { Position = 3 };

        await store.PutAsync(key, source, content.Length, "image/png", _ct);

        Assert.Equal(content, await ReadBackAsync(store, key));
        await store.DeleteAsync(key, _ct);
    }

    [Fact]
    public async Task A_stream_of_another_length_than_given_is_refused_and_nothing_is_stored()
    {
        using var store = Store();
        var key = NewKey();

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(key, new MemoryStream(new byte[10]), 11, "image/png", _ct));
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(key, new GeneratedStream(Samples.Png(16), 10), 11, "image/png", _ct));

        Assert.Null(await store.OpenReadAsync(key, _ct));
        Assert.Empty(_data.Files());
    }

    [Fact]
    public async Task The_content_type_is_kept_with_the_object()
    {
        using var store = Store();
        var key = NewKey();
        var content = Samples.Png();

        await store.PutAsync(key, new MemoryStream(content), content.Length, "image/png", _ct);

        using var client = new AmazonS3Client(s3.Options.AccessKey, s3.Options.SecretKey,
            new AmazonS3Config { ServiceURL = s3.Options.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = s3.Options.Region });
        var metadata = await client.GetObjectMetadataAsync(s3.Options.Bucket, key, _ct);
        Assert.Equal("image/png", metadata.Headers.ContentType);
        Assert.Equal(content.Length, metadata.ContentLength);
        await store.DeleteAsync(key, _ct);
    }

    [Fact]
    public async Task A_missing_key_reads_as_null()
    {
        using var store = Store();

        Assert.Null(await store.OpenReadAsync(NewKey(), _ct));
    }

    [Fact]
    public async Task Deleting_a_missing_key_is_harmless()
    {
        using var store = Store();

        await store.DeleteAsync(NewKey(), _ct);
    }

    [Fact]
    public async Task A_missing_bucket_is_an_error_not_a_missing_file()
    {
        using var store = new S3FileStore(s3.WithBucket("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]), _data.Paths);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.OpenReadAsync(NewKey(), _ct));
        Assert.Equal("NoSuchBucket", error.ErrorCode);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/2026/11/x")]
    [InlineData("2026/11/X")]
    public async Task Keys_outside_the_strict_form_are_refused_before_any_request(string key)
    {
        using var store = Store();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), 1, "image/png", _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, _ct));
    }
}
