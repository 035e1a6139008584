using System;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What one call may spend: its token, its start and its deadline. Written once by the client when the call starts;
/// read by the handlers (how long may this attempt run? can a retry still wait?) and by the client when it reports.
/// </summary>
/// <remarks>
/// Behind the SDK's own handlers the budget needs no timer: <see cref="RetryHandler"/> bounds every attempt by what
/// is left of it (<see cref="AttemptLimit"/>), and every wait between attempts is checked against it beforehand
/// (<see cref="CanWait"/>) or bounded by it (<see cref="StartWait"/>); the token is then the caller's own. Over a
/// caller's own <c>HttpClient</c> (no SDK handlers) nothing below bounds an attempt, so the budget runs its own
/// <see cref="Deadline"/> and its token is cancelled when it runs out.
/// </remarks>
internal sealed class CallBudget : IDisposable
{
    private readonly Deadline _deadline;
    private volatile bool _ranOut;

    public CallBudget(TimeProvider timeProvider, TimeSpan budget, bool attemptsBounded, CancellationToken callerToken)
    {
        TimeProvider = timeProvider;
        StartTimestamp = timeProvider.GetTimestamp();
        Budget = budget;
        AttemptsBounded = attemptsBounded && budget != Timeout.InfiniteTimeSpan;
        _deadline = Deadline.Start(timeProvider, AttemptsBounded ? Timeout.InfiniteTimeSpan : budget, callerToken);
    }

    /// <summary>The call's token: cancelled by the caller, and when the budget runs out unless <see cref="AttemptsBounded"/>.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Whether the handlers bound each attempt and wait by this budget (then it runs no timer of its own).</summary>
    public bool AttemptsBounded { get; }

    /// <summary>Whether the budget ran out (as opposed to the caller cancelling).</summary>
    public bool Expired => _ranOut || _deadline.Expired;

    public TimeProvider TimeProvider { get; }

    public long StartTimestamp { get; }

    /// <summary>The whole call's budget; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Budget { get; }

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(StartTimestamp);

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

    /// <summary>
    /// How long the next attempt may run: <paramref name="attemptTimeout"/>, or what is left of the budget when that is
    /// no more and the handlers bound attempts by it (<paramref name="byBudget"/>: its end is then the budget's; when
    /// both end together, the budget is what ran out).
    /// </summary>
    public TimeSpan AttemptLimit(TimeSpan attemptTimeout, out bool byBudget)
    {
        byBudget = false;
        if (!AttemptsBounded)
        {
            return attemptTimeout;
        }

        var remaining = Remaining;
        if (attemptTimeout != Timeout.InfiniteTimeSpan && attemptTimeout < remaining)
        {
            return attemptTimeout;
        }

        byBudget = true;
        return remaining;
    }

    /// <summary>A deadline for a wait outside any attempt (the client's throttle): the budget's end when the handlers bound it, else the call's token as it is.</summary>
    public Deadline StartWait(CancellationToken token) =>
        Deadline.Start(TimeProvider, AttemptsBounded ? Remaining : Timeout.InfiniteTimeSpan, token);

    /// <summary>Notes that the budget ran out in an attempt or a wait bounded by it (<see cref="AttemptLimit"/>, <see cref="StartWait"/>).</summary>
    public void RanOut() => _ranOut = true;

    public void Dispose() => _deadline.Dispose();
}
