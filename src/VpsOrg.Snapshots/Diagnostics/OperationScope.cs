using System;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>Reports one call to logs and tracing: starts its activity, and records how it completed or failed.</summary>
internal readonly struct OperationScope : IDisposable
{
    private readonly Activity? _activity;
    private readonly ApiOperation _operation;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;

    private OperationScope(Activity? activity, ApiOperation operation, ILogger logger, SnapshotsMetrics metrics)
    {
        _activity = activity;
        _operation = operation;
        _logger = logger;
        _metrics = metrics;
    }

    public static OperationScope Start(ApiOperation operation, long? serverId, long? snapshotId, ILogger logger, SnapshotsMetrics metrics)
    {
        var activity = SnapshotsTelemetry.Source.StartActivity(operation.ActivityName, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(TagNames.Operation, operation.Name);
            if (serverId is { } s)
            {
                activity.SetTag(TagNames.ServerId, s);
            }

            if (snapshotId is { } id)
            {
                activity.SetTag(TagNames.SnapshotId, id);
            }
        }

        return new OperationScope(activity, operation, logger, metrics);
    }

    /// <summary>The call succeeded: its log line, its activity's tags, its duration.</summary>
    public void Completed(TimeSpan elapsed, string? method, string? path, int statusCode, int attempts)
    {
        Log.CallCompleted(_logger, method ?? _operation.Method, path ?? string.Empty, statusCode, (long)elapsed.TotalMilliseconds, attempts);
        _activity?.SetTag(TagNames.StatusCode, statusCode);
        _activity?.SetTag(TagNames.Attempts, attempts);
        _metrics.CallEnded(_operation, elapsed, statusCode, null);
    }

    /// <summary>The call failed with <paramref name="error"/> (as the caller gets it).</summary>
    public void Failed(TimeSpan elapsed, string? method, string? path, int attempts, Exception error)
    {
        Log.CallFailed(_logger, method ?? _operation.Method, path ?? string.Empty, Log.Describe(error), (long)elapsed.TotalMilliseconds, attempts);
        _metrics.CallEnded(_operation, elapsed, error is VpsApiException { StatusCode: > 0 } api ? api.StatusCode : 0, error);
        if (_activity is null)
        {
            return;
        }

        _activity.SetTag(TagNames.ErrorType, error.GetType().FullName);
        _activity.SetTag(TagNames.Attempts, attempts);
        if (error is VpsApiException { StatusCode: > 0 } failed)
        {
            _activity.SetTag(TagNames.StatusCode, failed.StatusCode);
        }

        _activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
    }

    public void Dispose() => _activity?.Dispose();
}
