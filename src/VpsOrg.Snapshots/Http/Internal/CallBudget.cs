using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What one call may spend: its token (the caller's, also cancelled when the budget runs out), its start and its
/// deadline. Written once by the client when the call starts; read by the handlers (can a retry still wait?) and by
/// the client when it reports. On the system clock the budget's timer sources are pooled and reset, so a call that
/// ends within its budget allocates none.
/// </summary>
internal sealed class CallBudget : IDisposable
{
#if NET6_0_OR_GREATER
    private const int PoolLimit = 64;
    private static readonly ConcurrentQueue<CancellationTokenSource> Pool = new();
    private static int _pooled;
    private readonly bool _pooledTimeout;
    private readonly CancellationTokenRegistration _callerRegistration;
#endif

    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource? _linked;

    public CallBudget(TimeProvider timeProvider, TimeSpan budget, CancellationToken callerToken)
    {
        TimeProvider = timeProvider;
        StartTimestamp = timeProvider.GetTimestamp();
        Budget = budget;
        _callerToken = callerToken;
        if (budget == Timeout.InfiniteTimeSpan)
        {
            Token = callerToken;
            return;
        }

#if NET6_0_OR_GREATER
        if (ReferenceEquals(timeProvider, TimeProvider.System))
        {
            _timeout = Rent();
            _pooledTimeout = true;
            _timeout.CancelAfter(budget);
            if (callerToken.CanBeCanceled)
            {
                _callerRegistration = callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timeout);
            }

            Token = _timeout.Token;
            return;
        }
#endif

#if NET8_0_OR_GREATER
        _timeout = new CancellationTokenSource(budget, timeProvider);
#else
        _timeout = timeProvider.CreateCancellationTokenSource(budget);
#endif
        _linked = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timeout.Token) : null;
        Token = _linked?.Token ?? _timeout.Token;
    }

    /// <summary>The call's token: cancelled by the caller, or when the budget runs out.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether the budget ran out (as opposed to the caller cancelling).</summary>
    public bool Expired => _timeout?.IsCancellationRequested == true && !_callerToken.IsCancellationRequested;

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

    public void Dispose()
    {
        _linked?.Dispose();
        if (_timeout is null)
        {
            return;
        }

#if NET6_0_OR_GREATER
        _callerRegistration.Dispose();
        if (_pooledTimeout && _timeout.TryReset())
        {
            if (Interlocked.Increment(ref _pooled) <= PoolLimit)
            {
                Pool.Enqueue(_timeout);
                return;
            }

            Interlocked.Decrement(ref _pooled);
        }
#endif

        _timeout.Dispose();
    }

#if NET6_0_OR_GREATER
    private static CancellationTokenSource Rent()
    {
        if (Pool.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _pooled);
            return source;
        }

        return new CancellationTokenSource();
    }
#endif
}
