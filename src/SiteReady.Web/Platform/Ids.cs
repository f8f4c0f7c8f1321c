using System.Runtime.CompilerServices;
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

/// <summary>
/// Many UUIDv7 ids for one bulk write: the first is <c>Guid.CreateVersion7(now)</c>, each next one adds one to
/// its 62-bit random tail (RFC 9562's counter method), so they stay unique and strictly ascending, and a
/// bulk insert appends to its indexes instead of scattering within the millisecond. Not thread-safe.
/// </summary>
public sealed class IdSequence
{
    private readonly ulong _high;
    private readonly ulong _start;

    public IdSequence(DateTimeOffset now) => _high = Head(Guid.CreateVersion7(now), out _start);

    /// <summary>How many ids <see cref="Next"/> has given.</summary>
    public long Issued { get; private set; }

    public Guid Next() => At(++Issued);

    /// <summary>The <paramref name="n"/>th id this sequence gives (from 1), so a caller may keep the number instead of the id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Guid At(long n)
    {
        // The 16 bytes, big-endian: _high, then the tail (its variant bits stay: see Head). Built from parts, as a bulk
        // import takes three ids a row.
        var tail = _start + (ulong)n;
        return new Guid((uint)(_high >> 32), (ushort)(_high >> 16), (ushort)_high,
            (byte)(tail >> 56), (byte)(tail >> 48), (byte)(tail >> 40), (byte)(tail >> 32), (byte)(tail >> 24), (byte)(tail >> 16), (byte)(tail >> 8), (byte)tail);
    }

    private static ulong Head(Guid first, out ulong tail)
    {
        Span<byte> bytes = stackalloc byte[16];
        first.TryWriteBytes(bytes, bigEndian: true, out _);
        // Start low in the 62-bit random tail (bit 61 clear), so adding up to 2^61 never reaches the variant bits.
        tail = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) & 0xDFFF_FFFF_FFFF_FFFF;
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
