using System;

namespace VpsOrg.Snapshots;

/// <summary>How one snapshot's wait ended, in <see cref="SnapshotsClientExtensions.WaitForAllAsync"/>.</summary>
public sealed record SnapshotWaitResult
{
    /// <summary>The snapshot as last seen (completed, with its size, when <see cref="Status"/> is <see cref="SnapshotWaitStatus.Completed"/>).</summary>
    public required Snapshot Snapshot { get; init; }

    /// <summary>How the wait ended.</summary>
    public required SnapshotWaitStatus Status { get; init; }

    /// <summary>What ended it otherwise than <see cref="SnapshotWaitStatus.Completed"/>: <see cref="SnapshotFailedException"/>, <see cref="VpsNotFoundException"/>, <see cref="TimeoutException"/> or the API error.</summary>
    public Exception? Error { get; init; }
}

/// <summary>How a snapshot's wait ended.</summary>
public enum SnapshotWaitStatus
{
    /// <summary>The snapshot is <c>completed</c>.</summary>
    Completed,

    /// <summary>The snapshot ended <c>failed</c> or <c>error</c>.</summary>
    Failed,

    /// <summary>The snapshot disappeared (deleted while being waited on).</summary>
    Gone,

    /// <summary>It did not complete within <see cref="SnapshotWaitOptions.Timeout"/>.</summary>
    TimedOut,

    /// <summary>Polling it failed (an API or transport error that survived the retries); see <see cref="SnapshotWaitResult.Error"/>.</summary>
    Error,
}
