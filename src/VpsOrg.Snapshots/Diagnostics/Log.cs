using System;
using Microsoft.Extensions.Logging;

namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>The SDK's log messages, source-generated (no boxing or formatting when the level is off). Never given the token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "CallCompleted", Level = LogLevel.Information,
        Message = "VPS.org {Method} {Path} -> {StatusCode} in {ElapsedMs} ms after {Attempts} attempt(s)")]
    public static partial void CallCompleted(ILogger logger, string method, string path, int statusCode, long elapsedMs, int attempts);

    [LoggerMessage(EventId = 2, EventName = "CallFailed", Level = LogLevel.Warning,
        Message = "VPS.org {Method} {Path} failed with {Error} in {ElapsedMs} ms after {Attempts} attempt(s)")]
    public static partial void CallFailed(ILogger logger, string method, string path, string error, long elapsedMs, int attempts);

    [LoggerMessage(EventId = 3, EventName = "Retrying", Level = LogLevel.Warning,
        Message = "VPS.org {Method} {Path} attempt {Attempt} got {Outcome}; retrying in {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string method, string path, int attempt, string outcome, double delayMs);

    [LoggerMessage(EventId = 4, EventName = "RetryAbandoned", Level = LogLevel.Warning,
        Message = "VPS.org {Method} {Path} attempt {Attempt} got {Outcome}; not retrying: the wait of {DelayMs:0} ms exceeds the {RemainingMs:0} ms left of the call's budget")]
    public static partial void RetryAbandoned(ILogger logger, string method, string path, int attempt, string outcome, double delayMs, double remainingMs);

    [LoggerMessage(EventId = 5, EventName = "CreateOutcomeUnknown", Level = LogLevel.Warning,
        Message = "VPS.org create of snapshot '{Name}' on server {ServerId} ended with {Outcome}; checking the server's snapshots before any retry")]
    public static partial void CreateOutcomeUnknown(ILogger logger, string name, long serverId, string outcome);

    [LoggerMessage(EventId = 6, EventName = "CreateReconciled", Level = LogLevel.Information,
        Message = "VPS.org create of snapshot '{Name}' on server {ServerId} had taken effect: found snapshot {SnapshotId}")]
    public static partial void CreateReconciled(ILogger logger, string name, long serverId, long snapshotId);

    [LoggerMessage(EventId = 7, EventName = "DeleteAlreadyDone", Level = LogLevel.Information,
        Message = "VPS.org DELETE of snapshot {SnapshotId} got 404 after an earlier attempt that may have deleted it; treating it as deleted")]
    public static partial void DeleteAlreadyDone(ILogger logger, long snapshotId);

    [LoggerMessage(EventId = 8, EventName = "ThrottleHold", Level = LogLevel.Warning,
        Message = "VPS.org API throttled this client ({StatusCode} on {Method} {Path}): every call of this client is held for {HoldMs} ms (Retry-After: {RetryAfter}), then paced")]
    public static partial void ThrottleHold(ILogger logger, string method, string path, int statusCode, long holdMs, string retryAfter);

    /// <summary>A short description of a failure for logs and tags: the status and type, never a message (which may quote a body).</summary>
    public static string Describe(Exception exception) =>
        exception is VpsApiException api ? $"{api.StatusCode} {exception.GetType().Name}" : exception.GetType().Name;
}
