namespace SiteReady.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand, starting at a fixed instant. Each reading moves it on by one
/// microsecond so that things created one after another keep their order on both engines.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly Lock _gate = new();

    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    public FakeClock() : this(DefaultStart) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now += TimeSpan.FromMicroseconds(1);
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
