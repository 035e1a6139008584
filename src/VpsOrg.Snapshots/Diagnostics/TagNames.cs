namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>The names of the tags the SDK sets on its activities and metrics (OpenTelemetry's where one exists).</summary>
internal static class TagNames
{
    public const string Operation = "vps.operation";
    public const string ServerId = "vps.server_id";
    public const string SnapshotId = "vps.snapshot_id";
    public const string Attempts = "vps.attempts";
    public const string AttemptOutcome = "vps.attempt.outcome";
    public const string AttemptReason = "vps.attempt.reason";
    public const string ReconciliationResult = "vps.reconciliation.result";
    public const string SnapshotStatus = "vps.snapshot.status";
    public const string Method = "http.request.method";
    public const string StatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
}
