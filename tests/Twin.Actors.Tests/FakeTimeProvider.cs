namespace Twin.Actors.Tests;

/// <summary>
/// A clock that moves only when told, with timers that fire from <see cref="Advance"/>
/// (the FakeTimeProvider package is not available here).
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private readonly List<FakeTimer> _timers = [];
    private long _elapsedTicks;

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _elapsedTicks));

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_timers)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock and runs, on the caller's thread, every timer that came due.</summary>
    public void Advance(TimeSpan by)
    {
        var now = Interlocked.Add(ref _elapsedTicks, by.Ticks);
        while (true)
        {
            FakeTimer? due;
            lock (_timers)
                due = _timers.FirstOrDefault(t => t.DueTicks <= now);
            if (due is null)
                return;
            due.Fire();
        }
    }

    private sealed class FakeTimer(FakeTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private long _period = long.MaxValue;
        public long DueTicks = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._timers)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetTimestamp() + dueTime.Ticks;
                _period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? long.MaxValue : period.Ticks;
            }
            return true;
        }

        public void Fire()
        {
            lock (clock._timers)
                DueTicks = _period == long.MaxValue ? long.MaxValue : DueTicks + _period;
            callback(state);
        }

        public void Dispose()
        {
            lock (clock._timers)
            {
                DueTicks = long.MaxValue;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
