using System.Numerics;
using System.Runtime.CompilerServices;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// A hash table from a pair of 64-bit keys to a value, for the import's per-row indexes (R-K8): open addressing
/// with linear probing in one array, so a lookup usually touches one cache line where
/// <see cref="Dictionary{TKey,TValue}"/> touches its bucket, its entry and often a second entry; with 100,000 rows
/// and more those misses were most of a row's cost. Its code is compiled optimised on first use (a dictionary
/// instantiated over a struct of ours runs unoptimised code for the first rows of the first import).
/// The first key never equals <see cref="Empty"/>.
/// </summary>
public sealed class ImportIndex<TValue> where TValue : struct
{
    /// <summary>Not a key: the import's keys (worker and type indexes, from -1 and 0) never take this value.</summary>
    public const ulong Empty = ulong.MaxValue;
    private const int MinCapacity = 16;
    // At most this full (in percent): probes stay short, and the table is about as big as a dictionary's arrays.
    private const int MaxLoad = 80;

    /// <summary>The key is kept inverted, so a new array's zeros are free slots without being filled.</summary>
    private struct Slot
    {
        public ulong NotKey;
        public ulong Detail;
        public TValue Value;
    }

    private Slot[] _slots = new Slot[MinCapacity];

    public int Count { get; private set; }

    /// <summary>The value of (<paramref name="key"/>, <paramref name="detail"/>), added as default when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ref TValue GetValueRefOrAddDefault(ulong key, ulong detail, out bool exists)
    {
        if ((Count + 1) * 100L > (long)_slots.Length * MaxLoad) Resize(_slots.Length * 2L);
        ref var slot = ref Find(~key, detail, out exists);
        if (!exists)
        {
            slot.NotKey = ~key;
            slot.Detail = detail;
            Count++;
        }
        return ref slot.Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(ulong key, ulong detail, out TValue value)
    {
        ref var slot = ref Find(~key, detail, out var exists);
        value = exists ? slot.Value : default;
        return exists;
    }

    /// <summary>Makes room for <paramref name="count"/> entries without growing on the way.</summary>
    public void EnsureCapacity(int count)
    {
        var needed = Math.Max(MinCapacity, count * 100L / MaxLoad + 1);
        if (needed > _slots.Length) Resize(needed);
    }

    /// <summary>The slot holding the key, or the free slot where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot Find(ulong notKey, ulong detail, out bool exists)
    {
        var slots = _slots;
        // Fibonacci hashing (the top bits of the product depend on every bit of the key), scaled to the table's length.
        var hash = (uint)(((notKey ^ BitOperations.RotateLeft(detail, 29)) * 0x9E3779B97F4A7C15UL) >> 32);
        var at = (int)(((ulong)hash * (uint)slots.Length) >> 32);
        while (true)
        {
            ref var slot = ref slots[at];
            if (slot.NotKey == notKey && slot.Detail == detail)
            {
                exists = true;
                return ref slot;
            }
            if (slot.NotKey == 0)
            {
                exists = false;
                return ref slot;
            }
            if (++at == slots.Length) at = 0;
        }
    }

    private void Resize(long capacity)
    {
        var old = _slots;
        _slots = new Slot[Math.Min(capacity, Array.MaxLength)];
        foreach (var slot in old)
            if (slot.NotKey != 0)
                Find(slot.NotKey, slot.Detail, out _) = slot;
    }
}
