using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>What <see cref="SnapshotsClientExtensions.CreateWithRotationAsync"/> did.</summary>
public sealed record RotationResult
{
    /// <summary>The snapshot created.</summary>
    public required Snapshot Created { get; init; }

    /// <summary>The older snapshots deleted to make room, oldest first (empty when there was room).</summary>
    public required IReadOnlyList<Snapshot> Deleted { get; init; }
}
