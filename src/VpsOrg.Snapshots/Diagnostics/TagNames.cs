namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>The names of the tags the SDK sets on its activities (OpenTelemetry's where one exists).</summary>
internal static class TagNames
{
    public const string Operation = "vps.operation";
    public const string ServerId = "vps.server_id";
    public const string SnapshotId = "vps.snapshot_id";
    public const string Attempts = "vps.attempts";
    public const string StatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
}
