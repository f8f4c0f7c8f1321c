using System.Security.Cryptography;

namespace SiteReady.Web.Platform;

public static class Ids
{
    /// <summary>Time-ordered ids keep inserts at the end of indexes.</summary>
    public static Guid New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());

    /// <summary>An unguessable token for a link, and the hash that is stored instead of it.</summary>
    public static (string Token, string Hash) NewSecret()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
