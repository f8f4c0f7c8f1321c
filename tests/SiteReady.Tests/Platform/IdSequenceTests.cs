using System.Buffers.Binary;
using SiteReady.Web.Platform;

namespace SiteReady.Tests.Platform;

/// <summary>The ids of a bulk write: UUIDv7 of the time given, counting up by one in the random tail.</summary>
public class IdSequenceTests
{
    [Fact]
    public void Ids_are_version_7_of_the_time_given_and_count_up_by_one_in_their_tail()
    {
        var now = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
        var ids = new IdSequence(now);

        var issued = Enumerable.Range(0, 5_000).Select(_ => ids.Next()).ToList();

        Assert.Equal(5_000, ids.Issued);
        var head = issued[0].ToByteArray(bigEndian: true).AsSpan(0, 8).ToArray();
        Assert.Equal(now.ToUnixTimeMilliseconds(), (long)(BinaryPrimitives.ReadUInt64BigEndian(head) >> 16));
        var firstTail = BinaryPrimitives.ReadUInt64BigEndian(issued[0].ToByteArray(bigEndian: true).AsSpan(8));
        for (var i = 0; i < issued.Count; i++)
        {
            var bytes = issued[i].ToByteArray(bigEndian: true);
            Assert.Equal(7, issued[i].Version);
            Assert.Equal(0x80, bytes[8] & 0xC0); // the RFC 9562 variant
            Assert.Equal(head, bytes[..8]);
            Assert.Equal(firstTail + (ulong)i, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));
            Assert.Equal(issued[i], ids.At(i + 1));
        }
        Assert.Equal(issued, issued.Order().ToList()); // ascending, so bulk inserts append to their indexes
    }
}
