using System;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What one call may spend: its token (the caller's, also cancelled when the budget runs out), its start and its
/// deadline. Written once by the client when the call starts; read by the handlers (can a retry still wait?) and by
/// the client when it reports. Its clock is a <see cref="Deadline"/>: on the system clock a call that ends within its
/// budget allocates no timer.
/// </summary>
internal sealed class CallBudget : IDisposable
{
    private readonly Deadline _deadline;

    public CallBudget(TimeProvider timeProvider, TimeSpan budget, CancellationToken callerToken)
    {
        TimeProvider = timeProvider;
        StartTimestamp = timeProvider.GetTimestamp();
        Budget = budget;
        _deadline = Deadline.Start(timeProvider, budget, callerToken);
    }

    /// <summary>The call's token: cancelled by the caller, or when the budget runs out.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Whether the budget ran out (as opposed to the caller cancelling).</summary>
    public bool Expired => _deadline.Expired;

    public TimeProvider TimeProvider { get; }

    public long StartTimestamp { get; }

    /// <summary>The whole call's budget; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Budget { get; }

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(StartTimestamp);

    public long ElapsedMilliseconds => (long)Elapsed.TotalMilliseconds;

    /// <summary>What is left of the budget; <see cref="Timeout.InfiniteTimeSpan"/> when the call has none.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (Budget == Timeout.InfiniteTimeSpan)
            {
                return Timeout.InfiniteTimeSpan;
            }

            var left = Budget - Elapsed;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>Whether a wait of <paramref name="delay"/> still leaves time in the call's budget (the one "can we still wait?" rule).</summary>
    public bool CanWait(TimeSpan delay)
    {
        var remaining = Remaining;
        return remaining == Timeout.InfiniteTimeSpan || delay < remaining;
    }

    public void Dispose() => _deadline.Dispose();
}
