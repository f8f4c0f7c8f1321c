using System.Security.Cryptography;

namespace SiteReady.Web.Platform.Storage;

/// <summary>Files under <c>{DataDirectory}/files</c>, one file per key (<c>2026/11/&lt;id&gt;</c> → <c>files/2026/11/&lt;id&gt;</c>).</summary>
public sealed class DiskFileStore(SiteReadyPaths paths) : IFileStore
{
    private readonly string _root = Path.GetFullPath(paths.FilesDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        // Same folder, so the rename is atomic; the dot keeps it apart from keys, which have none.
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, 81920, ct);
                if (file.Length != length)
                    throw new IOException($"Expected {length} bytes for '{key}' but the stream gave {file.Length}.");
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true); // the bytes are on disk before the name points at them
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            // FileShare.Delete: a delete while someone downloads succeeds; the reader keeps its bytes.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        StorageKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        // Valid keys cannot leave the root; this holds even if the key rules are loosened one day.
        if (!path.StartsWith(_root, StringComparison.Ordinal))
            throw new ArgumentException($"'{key}' points outside the file store.", nameof(key));
        return path;
    }
}
