using System;
using System.Threading;

namespace VpsOrg.Snapshots.Internal;

/// <summary>
/// A token cancelled when the caller's is, or after a time on the client's clock (then <see cref="TimedOut"/> says so):
/// one linked <see cref="CancellationTokenSource"/> and one timer of the clock's (fake time in tests drives it),
/// disposed together. What bounds an attempt, and a wait at the client's throttle.
/// </summary>
internal sealed class ClockCancellation : IDisposable
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _source;
    private readonly ITimer _timer;
    private bool _disposed;
    private volatile bool _timedOut;

    public ClockCancellation(TimeProvider clock, TimeSpan after, CancellationToken outer)
    {
        _source = outer.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(outer) : new CancellationTokenSource();
        _timer = clock.CreateTimer(static state => ((ClockCancellation)state!).Fire(), this, after, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether the time ran out (as opposed to the caller cancelling).</summary>
    public bool TimedOut => _timedOut;

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _source.Dispose();
        }
    }

    private void Fire()
    {
        // The timer may fire as the attempt ends: a disposed source is never cancelled.
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timedOut = true;
            _source.Cancel();
        }
    }
}
