namespace SiteReady.Tests.Infrastructure;

/// <summary>A clock the test moves by hand. Starts at a fixed instant so dates in assertions are stable.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly Lock _gate = new();

    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    public FakeClock() : this(DefaultStart) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
