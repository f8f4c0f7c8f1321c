using System.Numerics;
using System.Runtime.CompilerServices;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// A hash table from a 64-bit key to a value, for the import's per-row indexes (R-K8): open addressing with linear
/// probing in one array, so a lookup usually touches one cache line where <see cref="Dictionary{TKey,TValue}"/>
/// touches its bucket, its entry and often a second entry; with 100,000 rows and more those misses were most of a
/// row's cost. Its code is compiled optimised on first use (a dictionary instantiated over a struct of ours runs
/// unoptimised code for the first rows of the first import). Keys never equal <see cref="Empty"/>.
/// </summary>
public sealed class ImportIndex<TValue> where TValue : struct
{
    /// <summary>Marks a free slot; the import's keys (worker and type indexes, from 0 or -1) never take this value.</summary>
    public const ulong Empty = ulong.MaxValue;
    private const int MinCapacity = 16;
    // At most this full (in percent): probes stay short, and the table is about as big as a dictionary's arrays.
    private const int MaxLoad = 80;

    private struct Slot
    {
        public ulong Key;
        public ulong Detail;
        public TValue Value;
    }

    private Slot[] _slots = NewSlots(MinCapacity);

    public int Count { get; private set; }

    /// <summary>The value of (<paramref name="key"/>, <paramref name="detail"/>), added as default when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ref TValue GetValueRefOrAddDefault(ulong key, ulong detail, out bool exists)
    {
        if ((Count + 1) * 100L > (long)_slots.Length * MaxLoad) Resize(_slots.Length * 2);
        ref var slot = ref Find(key, detail, out exists);
        if (!exists)
        {
            slot.Key = key;
            slot.Detail = detail;
            slot.Value = default;
            Count++;
        }
        return ref slot.Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(ulong key, ulong detail, out TValue value)
    {
        ref var slot = ref Find(key, detail, out var exists);
        value = exists ? slot.Value : default;
        return exists;
    }

    /// <summary>Makes room for <paramref name="count"/> entries without growing on the way.</summary>
    public void EnsureCapacity(int count)
    {
        var needed = (int)Math.Min(Array.MaxLength, Math.Max(MinCapacity, count * 100L / MaxLoad + 1));
        if (needed > _slots.Length) Resize(needed);
    }

    /// <summary>The slot holding the key, or the free slot where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot Find(ulong key, ulong detail, out bool exists)
    {
        var slots = _slots;
        // Fibonacci hashing (the top bits of the product depend on every bit of the key), scaled to the table's length.
        var hash = (uint)(((key ^ BitOperations.RotateLeft(detail, 29)) * 0x9E3779B97F4A7C15UL) >> 32);
        var at = (int)(((ulong)hash * (uint)slots.Length) >> 32);
        while (true)
        {
            ref var slot = ref slots[at];
            if (slot.Key == key && slot.Detail == detail)
            {
                exists = true;
                return ref slot;
            }
            if (slot.Key == Empty)
            {
                exists = false;
                return ref slot;
            }
            if (++at == slots.Length) at = 0;
        }
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = NewSlots(capacity);
        foreach (var slot in old)
            if (slot.Key != Empty)
                Find(slot.Key, slot.Detail, out _) = slot;
    }

    private static Slot[] NewSlots(int capacity)
    {
        var slots = new Slot[capacity];
        Array.Fill(slots, new Slot { Key = Empty });
        return slots;
    }
}
