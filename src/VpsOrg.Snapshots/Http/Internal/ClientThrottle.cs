using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What one client (or one <c>AddVpsSnapshots</c> registration) knows about the API's rate, shared by all its calls:
/// the hold a 429 (or a 503 with <c>Retry-After</c>) puts on every call until the time the server gave, and the
/// pacing after it (<see cref="AdaptiveRate"/>, or a fixed rate), one request at a time in arrival order. Until the
/// first throttle (and without a fixed rate) a call passes with one flag check.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never asked for, so it holds nothing to dispose; the throttle lives as long as its client.
internal sealed class ClientThrottle
#pragma warning restore CA1001
{
    /// <summary>The most a paced caller sleeps before looking at the rate again (it may have grown meanwhile).</summary>
    private static readonly TimeSpan PaceQuantum = TimeSpan.FromMilliseconds(200);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly AdaptiveRate? _adaptive;
    private readonly double? _fixedRate;
    private readonly TimeSpan _holdWithoutRetryAfter;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;
    private readonly SemaphoreSlim _pacer = new(1, 1);
    private volatile bool _active;
    private long _holdUntil = long.MinValue;
    private double _lastSend = double.NegativeInfinity;
    private int _queued;

    public ClientThrottle(VpsThrottlingOptions options, TimeSpan holdWithoutRetryAfter, TimeProvider time, ILogger logger, SnapshotsMetrics metrics)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _fixedRate = options.RequestsPerSecond;
        _adaptive = _fixedRate is null && options.AdaptivePacing ? new AdaptiveRate() : null;
        _holdWithoutRetryAfter = holdWithoutRetryAfter;
        _logger = logger;
        _metrics = metrics;
        _active = _fixedRate is not null;
    }

    /// <summary>The pacing rate in requests per second, or <see langword="null"/> while requests are not paced.</summary>
    public double? PacingRate
    {
        get
        {
            lock (_lock)
            {
                return _fixedRate ?? (_adaptive is { Enabled: true } a ? a.Rate : null);
            }
        }
    }

    private double Now => _time.GetElapsedTime(_origin).TotalSeconds;

    /// <summary>The current time as a timestamp of the client's clock, for <see cref="OnAnswer"/>'s <c>sentAt</c>.</summary>
    public long Timestamp() => _time.GetTimestamp();

    private double Seconds(long timestamp) => _time.GetElapsedTime(_origin, timestamp).TotalSeconds;

    /// <summary>
    /// Waits until this client may send: past any hold, then its turn at the pace. Not an attempt: it uses up none of
    /// the retries. A call whose budget cannot cover the wait fails at once.
    /// </summary>
    /// <exception cref="ThrottleHeldException">The call's budget cannot cover the wait (carries the <see cref="VpsRateLimitException"/> to surface).</exception>
    public ValueTask WaitAsync(CallBudget? budget, string method, string path, CancellationToken cancellationToken) =>
        _active ? new ValueTask(WaitSlowAsync(budget, method, path, cancellationToken)) : default;

    /// <summary>Notes an attempt's answer: a throttle starts (or extends) the hold and lowers the pace; anything else lets the pace grow.</summary>
    public void OnAnswer(long sentAt, int statusCode, TimeSpan? retryAfter, string method, string path)
    {
        var throttled = statusCode == 429 || (statusCode == 503 && retryAfter is not null);
        if (!throttled && (_adaptive is null || !_active))
        {
            // The happy path before any throttle: only the admitted-rate clock (for the first throttle) is kept.
            if (_adaptive is not null)
            {
                var at = Now;
                var sent = Seconds(sentAt);
                lock (_lock)
                {
                    _adaptive.OnAnswer(at, sent, throttled: false);
                }
            }

            return;
        }

        TimeSpan? hold = null;
        double? rate = null;
        var stamp = _time.GetTimestamp();
        var now = Seconds(stamp);
        var sentSeconds = Seconds(sentAt);
        lock (_lock)
        {
            if (throttled)
            {
                var wait = retryAfter ?? _holdWithoutRetryAfter;
                var until = stamp + (long)Math.Ceiling(wait.TotalSeconds * _time.TimestampFrequency);
                if (until > _holdUntil)
                {
                    hold = _holdUntil <= stamp ? wait : null;
                    _holdUntil = until;
                }

                _active = true;
            }

            if (_adaptive is not null && _adaptive.OnAnswer(now, sentSeconds, throttled, Seconds(_holdUntil)) && _adaptive.Enabled)
            {
                rate = _adaptive.Rate;
            }
        }

        if (hold is { } held)
        {
            Log.ThrottleHold(_logger, method, path, statusCode, (long)held.TotalMilliseconds, retryAfter is null ? "none, so the retry base delay" : $"{retryAfter.Value.TotalSeconds:0.###} s");
        }

        if (rate is { } paced)
        {
            _metrics.PacingRate(paced);
        }
    }

    private async Task WaitSlowAsync(CallBudget? budget, string method, string path, CancellationToken callToken)
    {
        var started = Now;

        // The waits below are checked against the budget before they start; its end also cuts them (a turn at the pace
        // can come later than the queue promised).
        using var deadline = budget?.StartWait(callToken) ?? Deadline.Start(_time, Timeout.InfiniteTimeSpan, callToken);
        var cancellationToken = deadline.Token;
        try
        {
            while (true)
            {
                var hold = HoldLeft();
                if (hold > TimeSpan.Zero)
                {
                    FailIfOverBudget(budget, hold, hold, method, path);
                    await _time.DelayAsync(hold, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (CurrentRate() is not { } rate)
                {
                    return;
                }

                FailIfOverBudget(budget, TimeSpan.FromSeconds((Volatile.Read(ref _queued) + 1) / rate), null, method, path);
                if (await TakeTurnAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            budget!.RanOut();
            throw;
        }
        finally
        {
            var held = Now - started;
            if (held > 0)
            {
                _metrics.Held(held);
            }
        }
    }

    /// <summary>Waits for this caller's turn at the pace; <see langword="false"/> when a hold began meanwhile (then the caller waits it out and queues again).</summary>
    private async Task<bool> TakeTurnAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }

        try
        {
            while (true)
            {
                TimeSpan wait;
                var stamp = _time.GetTimestamp();
                var now = Seconds(stamp);
                lock (_lock)
                {
                    if (_holdUntil > stamp)
                    {
                        return false;
                    }

                    var rate = _fixedRate ?? _adaptive!.Rate;
                    var next = _lastSend + (1 / rate);

                    // Within a millisecond is now: a wait that rounds to nothing must not spin.
                    if (next - now < 0.001)
                    {
                        _lastSend = Math.Max(now, next);
                        return true;
                    }

                    wait = TimeSpan.FromSeconds(next - now);
                }

                await _time.DelayAsync(wait < PaceQuantum ? wait : PaceQuantum, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _pacer.Release();
        }
    }

    private TimeSpan HoldLeft()
    {
        // Whole timestamps, not seconds: a hold that ended must never look a sliver long (and be waited for as nothing).
        var stamp = _time.GetTimestamp();
        long until;
        lock (_lock)
        {
            until = _holdUntil;
        }

        return until > stamp ? _time.GetElapsedTime(stamp, until) : TimeSpan.Zero;
    }

    private double? CurrentRate()
    {
        lock (_lock)
        {
            return _fixedRate ?? (_adaptive is { Enabled: true } a ? a.Rate : null);
        }
    }

    private static void FailIfOverBudget(CallBudget? budget, TimeSpan wait, TimeSpan? hold, string method, string path)
    {
        if (budget is null || budget.CanWait(wait))
        {
            return;
        }

        var what = hold is null
            ? $"its turn at the client's pace would come in {wait.TotalSeconds:0.###} s"
            : $"the API has throttled this client for another {wait.TotalSeconds:0.###} s";
        throw new ThrottleHeldException(new VpsRateLimitException(
            $"VPS.org {method} {path} was not sent: {what}, more than the {budget.Remaining.TotalSeconds:0.###} s left of the call's budget (VpsSnapshotsOptions.Timeout).",
            429,
            null,
            null,
            null,
            null,
            wait));
    }
}

/// <summary>A call held back by its client's throttle whose budget cannot cover the wait: it was not sent, so it is never retried.</summary>
internal sealed class ThrottleHeldException(VpsRateLimitException error) : Exception(error.Message, error)
{
    public VpsRateLimitException Error { get; } = error;
}
