using System.Text;
using Microsoft.Extensions.Configuration;
using SiteReady.Web.Platform;

namespace SiteReady.Tests.Storage;

/// <summary>A data directory of its own under the temp folder, deleted afterwards.</summary>
public sealed class ScratchData : IDisposable
{
    public ScratchData()
    {
        Directory = Path.Combine(Path.GetTempPath(), "siteready-storage-" + Guid.NewGuid().ToString("N"));
        Paths = new SiteReadyPaths(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SiteReady:DataDirectory"] = Directory })
            .Build());
    }

    public string Directory { get; }
    public SiteReadyPaths Paths { get; }

    /// <summary>Every file under the data directory, relative, '/'-separated.</summary>
    public IReadOnlyList<string> Files() => System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/')).Order().ToList();

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The first bytes of real files of each type, followed by filler.</summary>
public static class Samples
{
    public static byte[] Jpeg(int size = 2048) => Pad([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8], size);
    public static byte[] Png(int size = 2048) => Pad([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8], size);
    public static byte[] Pdf(int size = 2048) => Pad("%PDF-1.7\n1 0 obj\n"u8.ToArray(), size);

    /// <summary>An iPhone-style HEIC: ftyp box of 24 bytes, major brand heic, compatible mif1 and heic.</summary>
    public static byte[] Heic(int size = 2048) => Pad([0x00, 0x00, 0x00, 0x18, .. "ftypheic"u8, 0x00, 0x00, 0x00, 0x00, .. "mif1heic"u8], size);

    /// <summary>An ftyp box whose major brand is unknown and whose second compatible brand says HEIF.</summary>
    public static byte[] HeifByCompatibleBrand(int size = 2048) => Pad([0x00, 0x00, 0x00, 0x1C, .. "ftypabcd"u8, 0x00, 0x00, 0x00, 0x00, .. "isomheixmsf1"u8], size);

    /// <summary>An MP4 video: an ftyp box without a HEIF brand.</summary>
    public static byte[] Mp4(int size = 2048) => Pad([0x00, 0x00, 0x00, 0x18, .. "ftypisom"u8, 0x00, 0x00, 0x02, 0x00, .. "isommp41"u8], size);

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");

    /// <summary>Bytes that differ from one call to the next, so a mix-up between files shows.</summary>
    public static byte[] Pad(byte[] head, int size)
    {
        var bytes = new byte[Math.Max(size, head.Length)];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }
}
