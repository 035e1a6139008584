using System;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Http.Internal;

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

    public void Completed(CallContext call)
    {
        var attempts = call.TotalAttempts;
        Log.CallCompleted(_logger, call.LastMethod ?? _operation.Method, call.LastPath ?? string.Empty, call.LastStatusCode, call.ElapsedMilliseconds, attempts);
        _activity?.SetTag(TagNames.StatusCode, call.LastStatusCode);
        _activity?.SetTag(TagNames.Attempts, attempts);
        _metrics.CallEnded(_operation, call.Elapsed, call.LastStatusCode, null);
    }

    public void Failed(CallContext call, Exception error)
    {
        var attempts = call.TotalAttempts;
        Log.CallFailed(_logger, call.LastMethod ?? _operation.Method, call.LastPath ?? string.Empty, CallExceptionTranslator.Describe(error), call.ElapsedMilliseconds, attempts);
        _metrics.CallEnded(_operation, call.Elapsed, error is VpsApiException { StatusCode: > 0 } api ? api.StatusCode : 0, error);
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
