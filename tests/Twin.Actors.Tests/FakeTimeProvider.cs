namespace Twin.Actors.Tests;

/// <summary>A clock that moves only when told (the FakeTimeProvider package is not available here).</summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private long _elapsedTicks;

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _elapsedTicks));

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _elapsedTicks, by.Ticks);
}
