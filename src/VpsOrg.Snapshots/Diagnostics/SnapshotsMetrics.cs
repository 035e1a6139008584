using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>
/// The SDK's instruments on the <c>VpsOrg.Snapshots</c> meter: call durations, attempts, create reconciliations and
/// lifecycle waits. Each record is skipped at the cost of one flag check when nobody listens.
/// </summary>
internal sealed class SnapshotsMetrics
{
    public const string MeterName = "VpsOrg.Snapshots";
    public const string OperationDuration = "vps.snapshots.client.operation.duration";
    public const string Attempts = "vps.snapshots.client.attempts";
    public const string Reconciliations = "vps.snapshots.client.create.reconciliations";
    public const string WaitDuration = "vps.snapshots.lifecycle.wait.duration";
    public const string ThrottleHeld = "vps.snapshots.client.throttle.held";
    public const string PacingRateName = "vps.snapshots.client.pacing.rate";

    /// <summary>Explicit bucket boundaries in seconds: API calls take milliseconds to a minute; waits take minutes.</summary>
    private static readonly double[] CallBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 100];
    private static readonly double[] WaitBuckets = [1, 5, 15, 30, 60, 120, 180, 300, 450, 600, 900, 1200];

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _reconciliations;
    private readonly Histogram<double> _waits;
    private readonly Histogram<double> _held;
    private readonly Gauge<double> _pacingRate;

    public SnapshotsMetrics(Meter meter)
    {
        _duration = meter.CreateHistogram(OperationDuration, "s", "Duration of VPS.org Snapshots API calls, retries and waits included.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets });
        _attempts = meter.CreateCounter<long>(Attempts, "{attempt}", "HTTP attempts sent to the VPS.org Snapshots API, by outcome.");
        _reconciliations = meter.CreateCounter<long>(Reconciliations, "{reconciliation}", "Creates whose outcome was unknown and were checked against the server's list.");
        _held = meter.CreateHistogram(ThrottleHeld, "s", "How long calls were held back by their client's throttle (a 429's hold, then pacing) before an attempt.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets });
        _pacingRate = meter.CreateGauge<double>(PacingRateName, "{request}/s", "The rate at which a client paces its requests after the API throttled it.");
        _waits = meter.CreateHistogram(WaitDuration, "s", "How long waiting for a snapshot to complete took.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
    }

    /// <summary>The meter of clients built without DI (or without an <see cref="IMeterFactory"/>).</summary>
    public static SnapshotsMetrics Shared { get; } = new(new Meter(MeterName, SnapshotsTelemetry.Version));

    /// <summary>The instruments on a meter from <paramref name="factory"/> (so a host or a test can isolate them), or <see cref="Shared"/>.</summary>
    public static SnapshotsMetrics Create(IMeterFactory? factory) =>
        factory is null ? Shared : new SnapshotsMetrics(factory.Create(new MeterOptions(MeterName) { Version = SnapshotsTelemetry.Version }));

    public void CallEnded(ApiOperation operation, TimeSpan elapsed, int statusCode, Exception? error)
    {
        if (!_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { TagNames.Operation, operation.Name } };
        if (statusCode > 0)
        {
            tags.Add(TagNames.StatusCode, statusCode);
        }

        if (error is not null)
        {
            tags.Add(TagNames.ErrorType, error.GetType().FullName);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Whether anyone listens to the attempts counter (so its tags are worth computing).</summary>
    public bool AttemptsEnabled => _attempts.Enabled;

    /// <summary>One attempt: <c>success</c>, <c>retried</c>, <c>gave_up</c> (transient but not retried) or <c>failed</c>, with its status or error.</summary>
    public void Attempt(string method, string outcome, string reason)
    {
        if (_attempts.Enabled)
        {
            _attempts.Add(1, new KeyValuePair<string, object?>(TagNames.Method, method), new KeyValuePair<string, object?>(TagNames.AttemptOutcome, outcome), new KeyValuePair<string, object?>(TagNames.AttemptReason, reason));
        }
    }

    /// <summary>A call held back by its client's throttle for <paramref name="seconds"/>.</summary>
    public void Held(double seconds)
    {
        if (_held.Enabled)
        {
            _held.Record(seconds);
        }
    }

    /// <summary>A client's new pacing rate.</summary>
    public void PacingRate(double requestsPerSecond)
    {
        if (_pacingRate.Enabled)
        {
            _pacingRate.Record(requestsPerSecond);
        }
    }

    public void Reconciled(bool found)
    {
        if (_reconciliations.Enabled)
        {
            _reconciliations.Add(1, new KeyValuePair<string, object?>(TagNames.ReconciliationResult, found ? "found" : "not_found"));
        }
    }

    public void WaitEnded(TimeSpan elapsed, string? finalStatus, Exception? error)
    {
        if (!_waits.Enabled)
        {
            return;
        }

        var tags = new TagList();
        if (finalStatus is not null)
        {
            tags.Add(TagNames.SnapshotStatus, finalStatus);
        }

        if (error is not null)
        {
            tags.Add(TagNames.ErrorType, error.GetType().FullName);
        }

        _waits.Record(elapsed.TotalSeconds, tags);
    }
}
