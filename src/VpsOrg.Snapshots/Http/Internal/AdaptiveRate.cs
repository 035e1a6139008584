using System;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// The pacing rate of one client, as the AWS SDKs' adaptive retry mode computes it (botocore <c>retries/adaptive.py</c>,
/// <c>throttling.py</c>): CUBIC around the rate at which the last throttle came (beta 0.7, scale 0.4), at least
/// 0.5 requests/s, never above twice the measured send rate. Where the API's <c>Retry-After</c> hold changes the
/// picture, it differs, each measured on the 16-callers scenario (see docs/articles/performance.md):
/// <list type="bullet">
/// <item>the rate at a throttle is what the API let through (since the hold before, the lower of the last two such
/// estimates; the last second's answers before there is one), not the send rate, which a hold makes meaningless;</item>
/// <item>CUBIC's clock starts when the hold ends, not at the throttle, or the hold would use up the recovery;</item>
/// <item>a throttle of a request sent before the previous throttle is the same congestion, not a new one;</item>
/// <item>the send rate is measured over back-to-back half-seconds only, so a hold does not drag the cap down;</item>
/// <item>a first throttle within the first second (a burst, not a rate) is followed by a slow start: the pace grows
/// as fast as twice the measured send rate until the next throttle.</item>
/// </list>
/// Pure arithmetic on times in seconds; not thread-safe (<see cref="ClientThrottle"/> holds the lock).
/// </summary>
internal sealed class AdaptiveRate
{
    public const double MinRate = 0.5;
    private const double Beta = 0.7;
    private const double Scale = 0.4;
    private const double MaxAdjust = 2.0;
    private const double Smoothing = 0.8;
    private const double BucketSeconds = 0.5;
    private double _measured;
    private double _admittedBucket;
    private int _admittedNow;
    private int _admittedBefore;
    private double _lastBucket;
    private int _count;
    private double _wMax;
    private double _k;
    private double _lastThrottle;
    private double _lastThrottleAnswer;
    private double _firstAnswer = double.NaN;
    private int _admittedSinceThrottle;
    private double _sendingSince = double.NaN;
    private double _previousEstimate = double.PositiveInfinity;
    private bool _slowStart;

    /// <summary>Whether a throttle has been seen (pacing is on from then).</summary>
    public bool Enabled { get; private set; }

    /// <summary>The current pacing rate in requests per second.</summary>
    public double Rate { get; private set; } = MinRate;

    /// <summary>The smoothed send rate (botocore's RateClocker: 0.5 s buckets, smoothing 0.8).</summary>
    public double MeasuredSendRate => _measured;

    /// <summary>
    /// Notes one answer at <paramref name="now"/> to a request sent at <paramref name="sentAt"/>: a throttle lowers the
    /// rate (once per congestion: a throttle of a request sent before the last one adds nothing), anything else lets
    /// it grow.
    /// </summary>
    /// <param name="now">When the answer came.</param>
    /// <param name="sentAt">When its request was sent.</param>
    /// <param name="throttled">Whether it was a throttle (429, or 503 with <c>Retry-After</c>).</param>
    /// <param name="holdEnds">For a throttle, when the client's hold ends.</param>
    /// <returns>Whether the rate changed.</returns>
    public bool OnAnswer(double now, double sentAt, bool throttled, double holdEnds = 0)
    {
        var measured = Clock(now);
        var admitted = Admit(now, throttled);
        if (!throttled)
        {
            _admittedSinceThrottle++;
            if (double.IsNaN(_sendingSince))
            {
                _sendingSince = now;
            }
        }

        if (double.IsNaN(_firstAnswer))
        {
            _firstAnswer = now;
        }

        var before = Rate;
        double next;
        if (throttled && Enabled && sentAt <= _lastThrottleAnswer)
        {
            return false;
        }

        if (throttled)
        {
            // What the API let through since the first answer after its last throttle (after the hold) is its rate,
            // a little high by the burst it refilled during the hold: of the last two estimates the lower one is taken.
            // Before there is such a span, the last second's answers are the estimate.
            var since = now - _sendingSince;
            if (!Enabled)
            {
                // A first throttle within the first second measured only a burst, not a rate: from it the pace grows as
                // fast as the measured send rate allows (slow start) until the next throttle gives a rate to go round.
                _slowStart = now - _firstAnswer < 2 * BucketSeconds;
            }
            else if (since > 0.1 && _admittedSinceThrottle > 0)
            {
                var estimate = _admittedSinceThrottle / since;
                admitted = Math.Min(estimate, _previousEstimate);
                _previousEstimate = estimate;
                _slowStart = false;
            }
            else
            {
                _slowStart = false;
            }

            _admittedSinceThrottle = 0;
            _sendingSince = double.NaN;
            var atThrottle = Enabled ? Math.Min(admitted, Rate) : admitted;

            _wMax = atThrottle;
            _k = Math.Pow(_wMax * (1 - Beta) / Scale, 1.0 / 3);
            _lastThrottle = Math.Max(now, holdEnds);
            _lastThrottleAnswer = now;
            Enabled = true;
            next = atThrottle * Beta;
        }
        else if (Enabled)
        {
            next = (Scale * Math.Pow(Math.Max(now - _lastThrottle, 0) - _k, 3)) + _wMax;
            if (measured > 0)
            {
                next = _slowStart ? Math.Max(next, MaxAdjust * measured) : Math.Min(next, MaxAdjust * measured);
            }
        }
        else
        {
            return false;
        }

        Rate = Math.Max(next, MinRate);
        return Rate != before;
    }

    /// <summary>Answers the API let through in about the last second (this half-second and the one before), per second.</summary>
    private double Admit(double now, bool throttled)
    {
        var bucket = Math.Floor(now / BucketSeconds) * BucketSeconds;
        if (bucket > _admittedBucket)
        {
            _admittedBefore = bucket - _admittedBucket > BucketSeconds ? 0 : _admittedNow;
            _admittedNow = 0;
            _admittedBucket = bucket;
        }

        if (!throttled)
        {
            _admittedNow++;
        }

        // Over the span actually counted: the half-second before and what has passed of this one.
        return (_admittedBefore + _admittedNow) / (BucketSeconds + Math.Max(now - bucket, 0.05));
    }

    private double Clock(double now)
    {
        var bucket = Math.Floor(now / BucketSeconds) * BucketSeconds;
        _count++;
        if (bucket > _lastBucket)
        {
            // Only back-to-back buckets measure a rate: a gap is a hold the API imposed (or an idle caller), not a
            // slow sender, and must not drag the cap below what the client was sending.
            if (bucket - _lastBucket <= BucketSeconds + 1e-9)
            {
                var current = _count / BucketSeconds;
                _measured = (current * Smoothing) + (_measured * (1 - Smoothing));
            }

            _count = 0;
            _lastBucket = bucket;
        }

        return _measured;
    }
}
