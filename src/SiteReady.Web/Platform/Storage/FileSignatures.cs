using System.Buffers.Binary;

namespace SiteReady.Web.Platform.Storage;

/// <summary>The file types credentials accept (R-K7), recognised by their first bytes, never by name.</summary>
public static class FileSignatures
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Heic = "image/heic";
    public const string Pdf = "application/pdf";

    /// <summary>How many leading bytes <see cref="ContentTypeOf"/> looks at, at most.</summary>
    public const int HeadLength = 256;

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

    /// <summary>The content type of a file starting with <paramref name="head"/>, or null when it is not an accepted type.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(JpegMagic)) return Jpeg;
        if (head.StartsWith(PngMagic)) return Png;
        if (head.StartsWith("%PDF-"u8)) return Pdf;
        if (IsHeif(head)) return Heic;
        return null;
    }

    /// <summary>Known file name extensions of an accepted type, the usual one first; empty for anything else.</summary>
    public static IReadOnlyList<string> ExtensionsOf(string contentType) => contentType switch
    {
        Jpeg => [".jpg", ".jpeg"],
        Png => [".png"],
        Heic => [".heic", ".heif"],
        Pdf => [".pdf"],
        _ => [],
    };

    public static bool IsAccepted(string contentType) => ExtensionsOf(contentType).Count > 0;

    /// <summary>Types every browser shows in an <c>&lt;img&gt;</c> and that carry no script.</summary>
    public static bool IsShownInline(string contentType) => contentType is Jpeg or Png;

    // ISO-BMFF: a box [size:4][type:4] at offset 0 whose type is "ftyp", then major brand, minor version, compatible brands.
    private static bool IsHeif(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head[4..8].SequenceEqual("ftyp"u8)) return false;
        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (size != 0 && size < 16) return false; // 0 means "to the end of the file"; 1 (a 64-bit size) never occurs for ftyp
        var end = size == 0 || size > head.Length ? head.Length : (int)size;
        if (IsHeifBrand(head[8..12])) return true;
        for (var offset = 16; offset + 4 <= end; offset += 4)
            if (IsHeifBrand(head.Slice(offset, 4))) return true;
        return false;
    }

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand)
    {
        foreach (var known in HeifBrands)
            if (brand.Length == 4 && brand[0] == known[0] && brand[1] == known[1] && brand[2] == known[2] && brand[3] == known[3])
                return true;
        return false;
    }
}
