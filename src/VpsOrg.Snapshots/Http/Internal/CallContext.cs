using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// State of one client call, shared between the client and the handlers through <see cref="SnapshotsRequestMessage"/>:
/// the call's token (the caller's, also cancelled when the budget runs out), its deadline, and what the retry
/// handler learned (attempts, whether an attempt may have taken effect). On the system clock the budget's timer
/// sources are pooled and reset, so a call that ends within its budget allocates none.
/// </summary>
internal sealed class CallContext : IDisposable
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
    private int _attempts;
    private Uri? _lastUri;
    private string? _lastPath;
    private int _mayHaveTakenEffect;
    private string[]? _sentTokens;

    public CallContext(TimeProvider timeProvider, TimeSpan budget, CancellationToken callerToken)
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

    /// <summary>How many attempts the retry handler has sent in this call (all requests of the call together).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Whether an attempt that was sent may have been carried out by the server (its outcome is not known to be a refusal).</summary>
    public bool MayHaveTakenEffect => Volatile.Read(ref _mayHaveTakenEffect) != 0;

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

    public static CallContext? Get(HttpRequestMessage request) => (request as SnapshotsRequestMessage)?.Call;

    /// <summary>How many requests the client itself sent in this call (pages, reconciliation lists, resends).</summary>
    public int Requests { get; private set; }

    public string? LastMethod { get; private set; }

    /// <summary>The path and query of the latest request, computed only when a log line or an exception needs it.</summary>
    public string? LastPath => _lastPath ??= _lastUri?.PathAndQuery;

    public int LastStatusCode { get; private set; }

    /// <summary>The server's clock at the start of the call, estimated from the latest <c>Date</c> response header.</summary>
    public DateTimeOffset? ServerTimeAtStart { get; private set; }

    /// <summary>Attempts sent in the call: the retry handler's count where it is in the pipeline, else the client's requests.</summary>
    public int TotalAttempts => Math.Max(Attempts, Requests);

    public void BeginRequest(string method, Uri uri, string? knownPath)
    {
        Requests++;
        LastMethod = method;
        _lastUri = uri;
        _lastPath = knownPath;
    }

    public void Observe(int statusCode, DateTimeOffset? serverDate)
    {
        LastStatusCode = statusCode;
        if (serverDate is { } date)
        {
            ServerTimeAtStart = date - Elapsed;
        }
    }

    /// <summary>Whether a wait of <paramref name="delay"/> still leaves time in the call's budget (the one "can we still wait?" rule).</summary>
    public bool CanWait(TimeSpan delay)
    {
        var remaining = Remaining;
        return remaining == Timeout.InfiniteTimeSpan || delay < remaining;
    }

    /// <summary>Tokens from a token provider that were sent in this call, so error bodies that echo them are redacted.</summary>
    public string[]? SentTokens => Volatile.Read(ref _sentTokens);

    public void NoteSentToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        while (true)
        {
            var current = Volatile.Read(ref _sentTokens);
            if (current is not null && Array.IndexOf(current, token) >= 0)
            {
                return;
            }

            string[] next = current is null ? [token!] : [.. current, token!];
            if (Interlocked.CompareExchange(ref _sentTokens, next, current) == current)
            {
                return;
            }
        }
    }

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    public void MarkMayHaveTakenEffect() => Interlocked.Exchange(ref _mayHaveTakenEffect, 1);

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
