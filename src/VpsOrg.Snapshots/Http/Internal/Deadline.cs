using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A token cancelled when a time span passes on a <see cref="TimeProvider"/> or when an outer token is: a call's budget,
/// an attempt's timeout. On the system clock its sources are pooled and reset (their timer kept), so a deadline that
/// is released before it fires allocates nothing; on any other clock (fake time in tests) it is built fresh.
/// </summary>
/// <remarks>The one home of "a timeout on a clock, linked to the caller": <see cref="CallBudget"/> and <see cref="RetryHandler"/>'s attempts use it.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "It is disposable; the analyzer misreads a readonly struct whose pooled fields are set only on .NET 6+.")]
internal readonly struct Deadline : IDisposable
{
#if NET6_0_OR_GREATER
    private const int PoolLimit = 256;
    private static readonly ConcurrentQueue<CancellationTokenSource> Pool = new();
    private static int _pooled;
    private readonly CancellationTokenRegistration _outerRegistration;
    private readonly bool _pooledSource;
#endif

    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource? _linked;

    private Deadline(TimeProvider timeProvider, TimeSpan after, CancellationToken outer)
    {
        _outer = outer;
        _linked = null;
#if NET6_0_OR_GREATER
        _outerRegistration = default;
        _pooledSource = false;
        if (ReferenceEquals(timeProvider, TimeProvider.System))
        {
            _timeout = Rent();
            _pooledSource = true;
            _timeout.CancelAfter(after);
            if (outer.CanBeCanceled)
            {
                _outerRegistration = outer.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timeout);
            }

            Token = _timeout.Token;
            return;
        }
#endif

#if NET8_0_OR_GREATER
        _timeout = new CancellationTokenSource(after, timeProvider);
#else
        _timeout = timeProvider.CreateCancellationTokenSource(after);
#endif
        _linked = outer.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(outer, _timeout.Token) : null;
        Token = _linked?.Token ?? _timeout.Token;
    }

    /// <summary>The token: cancelled by the outer token, or when the time runs out. <see cref="CancellationToken.None"/>'s outer token alone when there is no deadline.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether the time ran out (as opposed to the outer token being cancelled).</summary>
    public bool Expired => _timeout?.IsCancellationRequested == true && !_outer.IsCancellationRequested;

    /// <summary>A deadline <paramref name="after"/> from now; none (the outer token as it is) for <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public static Deadline Start(TimeProvider timeProvider, TimeSpan after, CancellationToken outer) =>
        after == Timeout.InfiniteTimeSpan ? new Deadline(outer) : new Deadline(timeProvider, after, outer);

    /// <summary>Stops the clock and gives the source back to the pool when it never fired. Call once.</summary>
    public void Dispose()
    {
        _linked?.Dispose();
        if (_timeout is null)
        {
            return;
        }

#if NET6_0_OR_GREATER
        _outerRegistration.Dispose();
        if (_pooledSource && _timeout.TryReset())
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

    private Deadline(CancellationToken outer)
        : this()
    {
        _outer = outer;
        Token = outer;
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
