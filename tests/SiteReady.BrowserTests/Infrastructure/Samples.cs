using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SiteReady.BrowserTests.Infrastructure;

/// <summary>Small real documents to upload: a PDF and a PNG photo of a card that a browser can show.</summary>
public static class Samples
{
    public static byte[] Pdf(string text = "First aid certificate") =>
        Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A 320 × 200 PNG: a blue card with a white band and a grey photo square.</summary>
    public static byte[] CardPng(int width = 320, int height = 200)
    {
        var raw = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3);
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                (byte r, byte g, byte b) colour =
                    x is >= 20 and < 110 && y is >= 50 and < 170 ? ((byte)170, (byte)180, (byte)190)
                    : y is >= 20 and < 40 ? ((byte)255, (byte)255, (byte)255)
                    : x is >= 130 and < 300 && y > 60 && y % 24 is >= 12 and < 18 ? ((byte)220, (byte)232, (byte)245)
                    : ((byte)11, (byte)92, (byte)173);
                raw[row + 1 + x * 3] = colour.r;
                raw[row + 2 + x * 3] = colour.g;
                raw[row + 3 + x * 3] = colour.b;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
