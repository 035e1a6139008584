using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>What <see cref="SnapshotsClientExtensions.PruneAsync"/> (or <see cref="PrunePlan.ApplyAsync"/>) deleted and kept.</summary>
public sealed record PruneResult
{
    /// <summary>The snapshots deleted, oldest first.</summary>
    public required IReadOnlyList<Snapshot> Deleted { get; init; }

    /// <summary>The snapshots the rules considered and kept, newest first (with <see cref="PruneOptions.NamePrefix"/>, only those with the prefix).</summary>
    public IReadOnlyList<Snapshot> Kept { get; init; } = [];
}
