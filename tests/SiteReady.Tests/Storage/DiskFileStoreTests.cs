using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Storage;

public sealed class DiskFileStoreTests : IDisposable
{
    private readonly ScratchData _data = new();
    private readonly DiskFileStore _store;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public DiskFileStoreTests() => _store = new DiskFileStore(_data.Paths);

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_file_put_is_read_back_byte_for_byte_and_is_gone_after_delete()
    {
        var key = StorageKeys.New(new FakeClock().GetUtcNow());
        var content = Samples.Pdf(1_000_000);

        await _store.PutAsync(key, new MemoryStream(content), content.Length, "application/pdf", _ct);

        Assert.Equal(["files/" + key], _data.Files()); // no temporary file is left beside it
        await using (var read = await _store.OpenReadAsync(key, _ct))
        {
            Assert.NotNull(read);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy, _ct);
            Assert.Equal(content, copy.ToArray());
        }

        await _store.DeleteAsync(key, _ct);

        Assert.Null(await _store.OpenReadAsync(key, _ct));
        Assert.Empty(_data.Files());
    }

    [Fact]
    public void New_keys_sit_under_the_year_and_month()
    {
        var key = StorageKeys.New(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Matches("^2026/12/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", key);
        Assert.True(StorageKeys.IsValid(key));
    }

    [Fact]
    public async Task Putting_the_same_key_again_replaces_the_content()
    {
        await _store.PutAsync("a/b", new MemoryStream([1, 2, 3]), 3, "application/pdf", _ct);
        await _store.PutAsync("a/b", new MemoryStream([4, 5]), 2, "application/pdf", _ct);

        await using var read = await _store.OpenReadAsync("a/b", _ct);
        var copy = new MemoryStream();
        await read!.CopyToAsync(copy, _ct);
        Assert.Equal([4, 5], copy.ToArray());
    }

    [Fact]
    public async Task A_stream_shorter_than_the_given_length_fails_and_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("2026/11/short", new MemoryStream([1, 2, 3]), 10, "image/png", _ct));

        Assert.Null(await _store.OpenReadAsync("2026/11/short", _ct));
        Assert.Empty(_data.Files());
    }

    [Fact]
    public async Task A_missing_key_reads_as_null()
    {
        Assert.Null(await _store.OpenReadAsync("2026/11/never-stored", _ct));
        Assert.Null(await _store.OpenReadAsync("1999/01/no-such-folder", _ct));
    }

    [Fact]
    public async Task Deleting_a_missing_key_is_harmless()
    {
        await _store.DeleteAsync("2026/11/never-stored", _ct);
        await _store.DeleteAsync("1999/01/no-such-folder", _ct);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("2026/../../outside")]
    [InlineData("2026/11/..")]
    [InlineData("..")]
    [InlineData("2026\\11\\x")]
    [InlineData("..\\outside")]
    [InlineData("C:/temp/x")]
    [InlineData("2026//x")]
    [InlineData("2026/x/")]
    [InlineData("2026/11/File")]
    [InlineData("2026/11/a.pdf")]
    [InlineData("2026/11/a b")]
    [InlineData("2026/11/%2e%2e")]
    [InlineData("2026/11/\u00e9")]
    [InlineData("2026/11/a\0")]
    public async Task Keys_outside_the_strict_form_are_refused_for_every_operation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, new MemoryStream([1]), 1, "image/png", _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key, _ct));

        Assert.Empty(_data.Files());
        Assert.False(File.Exists(Path.Combine(_data.Directory, "outside")));
    }

    [Fact]
    public void An_overlong_key_is_refused()
    {
        Assert.False(StorageKeys.IsValid(new string('a', StorageKeys.MaxLength + 1)));
        Assert.True(StorageKeys.IsValid(new string('a', StorageKeys.MaxLength)));
    }
}
