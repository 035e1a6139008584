using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What one client (or one <c>AddVpsSnapshots</c> registration) knows about the API's rate, shared by all its calls:
/// before it has heard anything, the <see cref="FirstWave"/>; then the hold a 429 (or a 503 with <c>Retry-After</c>)
/// puts on every call until the time the server gave, and the pacing after it (<see cref="AdaptiveRate"/>, or a fixed
/// rate), one request at a time in arrival order.
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

        // A client told its rate paces from the first request; only one that knows nothing starts with a first wave.
        Wave = new FirstWave(on: _fixedRate is null);
    }

    /// <summary>The first wave, while the client has heard nothing of the API's rate.</summary>
    public FirstWave Wave { get; }

    private double Now => _time.GetElapsedTime(_origin).TotalSeconds;

    /// <summary>How long every call of this client is still held by the API's last throttle (zero when it is not).</summary>
    public TimeSpan HeldFor => HoldLeft();

    /// <summary>The current time as a timestamp of the client's clock, for <see cref="Exit"/>'s <c>sentAt</c>.</summary>
    public long Timestamp() => _time.GetTimestamp();

    private double Seconds(long timestamp) => _time.GetElapsedTime(_origin, timestamp).TotalSeconds;

    /// <summary>
    /// Waits until this client may send: a place in the first wave's window, past any hold, then its turn at the pace.
    /// Not an attempt: it uses up none of the retries. A call whose time cannot cover a hold or its turn fails at once,
    /// and one whose time runs out while it waits fails then.
    /// </summary>
    /// <returns>Whether the request took a place in the window (give it back with <see cref="Exit"/>).</returns>
    /// <exception cref="VpsRateLimitException">The call's time cannot cover a hold or its turn at the pace.</exception>
    /// <exception cref="TimeoutException">The call's time ran out while it waited.</exception>
    public ValueTask<bool> EnterAsync(SnapshotsRequestMessage request, CancellationToken cancellationToken)
    {
        var tookPlace = false;
        if (Wave.On)
        {
            if (!Wave.TryEnter())
            {
                return new ValueTask<bool>(EnterSlowAsync(request, needPlace: true, cancellationToken));
            }

            tookPlace = true;
        }

        if (!_active)
        {
            return new ValueTask<bool>(tookPlace);
        }

        return new ValueTask<bool>(EnterSlowAsync(request, needPlace: false, cancellationToken));
    }

    /// <summary>
    /// Notes the end of an attempt that <see cref="EnterAsync"/> let through: gives back its place in the window (one
    /// more with it for an answer without a throttle); a throttle ends the first wave, starts (or extends) the hold and
    /// lowers the pace; any other answer lets the pace grow.
    /// </summary>
    /// <param name="tookPlace">What <see cref="EnterAsync"/> returned.</param>
    /// <param name="sentAt">When the attempt was sent (<see cref="Timestamp"/>).</param>
    /// <param name="statusCode">The answer's status, or 0 for none (a transport failure, a timeout).</param>
    /// <param name="retryAfter">The answer's <c>Retry-After</c>, read for 429 and 503.</param>
    /// <param name="request">For the log line.</param>
    public void Exit(bool tookPlace, long sentAt, int statusCode, TimeSpan? retryAfter, SnapshotsRequestMessage request)
    {
        var throttled = statusCode == 429 || (statusCode == 503 && retryAfter is not null);
        try
        {
            if (statusCode != 0)
            {
                OnAnswer(sentAt, statusCode, retryAfter, throttled, request);
            }
        }
        finally
        {
            // Only now, with any hold in place: a throttle ends the wave, and the callers it held must meet the hold.
            if (tookPlace)
            {
                Wave.Exit(answered: statusCode > 0, throttled);
            }
        }
    }

    /// <summary>An answer: a throttle starts (or extends) the hold and lowers the pace; any other answer lets the pace grow.</summary>
    private void OnAnswer(long sentAt, int statusCode, TimeSpan? retryAfter, bool throttled, SnapshotsRequestMessage request)
    {
        if (!throttled && (_adaptive is null || !_active))
        {
            // Before any throttle: only the admitted-rate clock (for the first throttle) is kept.
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
            Log.ThrottleHold(_logger, request.Method.Method, request.Path, statusCode, (long)held.TotalMilliseconds, retryAfter is null ? "none, so the retry base delay" : $"{retryAfter.Value.TotalSeconds:0.###} s");
        }

        if (rate is { } paced)
        {
            _metrics.PacingRate(paced);
        }
    }

    private async Task<bool> EnterSlowAsync(SnapshotsRequestMessage request, bool needPlace, CancellationToken callToken)
    {
        var call = request.Call;
        var started = Now;
        var tookPlace = false;

        // The waits below are checked against the call's time before they start; its end also cuts them (a place in
        // the window, or a turn at the pace, can come later than expected).
        var remaining = call.Remaining;
        using var bound = remaining == Timeout.InfiniteTimeSpan ? null : new ClockCancellation(_time, remaining, callToken);
        var cancellationToken = bound?.Token ?? callToken;
        try
        {
            if (needPlace)
            {
                await Wave.EnterAsync(cancellationToken).ConfigureAwait(false);
                tookPlace = true;
            }

            while (true)
            {
                var hold = HoldLeft();
                if (hold > TimeSpan.Zero)
                {
                    FailIfOverTime(request, hold, hold);
                    await _time.DelayAsync(hold, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (CurrentRate() is not { } rate)
                {
                    return tookPlace;
                }

                FailIfOverTime(request, TimeSpan.FromSeconds((Volatile.Read(ref _queued) + 1) / rate), null);
                if (await TakeTurnAsync(cancellationToken).ConfigureAwait(false))
                {
                    return tookPlace;
                }
            }
        }
        catch (Exception ex)
        {
            if (tookPlace)
            {
                Wave.Exit(answered: false, throttled: false);
            }

            if (ex is OperationCanceledException && bound?.TimedOut == true && !callToken.IsCancellationRequested)
            {
                throw call.Exceeded(request.Method.Method, request.Path, ex);
            }

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

    /// <summary>The pacing rate in requests per second, or <see langword="null"/> while requests are not paced.</summary>
    private double? CurrentRate()
    {
        lock (_lock)
        {
            return _fixedRate ?? (_adaptive is { Enabled: true } a ? a.Rate : null);
        }
    }

    private static void FailIfOverTime(SnapshotsRequestMessage request, TimeSpan wait, TimeSpan? hold)
    {
        var call = request.Call;
        if (call.CanWait(wait))
        {
            return;
        }

        var what = hold is null
            ? $"its turn at the client's pace would come in {wait.TotalSeconds:0.###} s"
            : $"the API has throttled this client for another {wait.TotalSeconds:0.###} s";
        throw new VpsRateLimitException(
            $"VPS.org {request.Method} {request.Path} was not sent: {what}, more than the {call.Remaining.TotalSeconds:0.###} s left of the call's Timeout (VpsSnapshotsOptions.Timeout).",
            429,
            null,
            null,
            null,
            null,
            wait);
    }
}
