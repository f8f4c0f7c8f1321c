using System.Globalization;

namespace SiteReady.Web.Platform.Storage;

/// <summary>
/// Where uploaded files live, outside the database (R-K7): <see cref="DiskFileStore"/> by default,
/// <see cref="S3FileStore"/> at scale. Keys are made by the server with <see cref="StorageKeys.New"/>.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores exactly <paramref name="length"/> bytes under the key, replacing what was there.</summary>
    Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct);

    /// <summary>The stored bytes, or null when the key is missing. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Removes the file; a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>Storage keys such as <c>2026/11/019a…</c>: lowercase letters, digits, <c>-</c> and <c>/</c> between non-empty parts.</summary>
public static class StorageKeys
{
    public const int MaxLength = 200;

    /// <summary>A new unique key under the year and month of <paramref name="now"/> (UTC).</summary>
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy'/'MM", CultureInfo.InvariantCulture) + "/" + Guid.CreateVersion7(now).ToString("D");

    /// <summary>True for a well-formed key. With no dots allowed, <c>..</c> and hidden names cannot occur.</summary>
    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength) return false;
        if (key[0] == '/' || key[^1] == '/' || key.Contains("//", StringComparison.Ordinal)) return false;
        foreach (var c in key)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '/')) return false;
        return true;
    }

    /// <summary>Keys come from the server, so a bad one is a bug: it throws rather than answering 400.</summary>
    public static string Validate(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"'{key}' is not a valid storage key: use [a-z0-9-] parts separated by '/'.", nameof(key));
}
