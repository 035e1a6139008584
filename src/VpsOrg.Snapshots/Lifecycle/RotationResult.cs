using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>What a rotation (<see cref="SnapshotsClientExtensions.RotateAsync"/> or <see cref="SnapshotsClientExtensions.CreateWithRotationAsync"/>) did.</summary>
public sealed record RotationResult
{
    /// <summary>The snapshot created (completed, when the rotation waited for it).</summary>
    public required Snapshot Created { get; init; }

    /// <summary>The snapshots deleted, in the order they were deleted (empty when nothing had to go).</summary>
    public required IReadOnlyList<Snapshot> Deleted { get; init; }

    /// <summary>The prefix's snapshots kept afterwards, newest first (the new one included); empty for <see cref="SnapshotsClientExtensions.CreateWithRotationAsync"/>.</summary>
    public IReadOnlyList<Snapshot> Kept { get; init; } = [];
}
