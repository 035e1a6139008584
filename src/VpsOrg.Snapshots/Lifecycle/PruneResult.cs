using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>What <see cref="SnapshotsClientExtensions.PruneAsync"/> deleted, or would delete in a dry run.</summary>
public sealed record PruneResult
{
    /// <summary>The snapshots deleted (or, in a dry run, that would be), oldest first.</summary>
    public required IReadOnlyList<Snapshot> Deleted { get; init; }

    /// <summary>The snapshots the rules considered and kept, newest first (with <see cref="PruneOptions.NamePrefix"/>, only those with the prefix).</summary>
    public IReadOnlyList<Snapshot> Kept { get; init; } = [];

    /// <summary>Whether this was a dry run (nothing was deleted).</summary>
    public required bool DryRun { get; init; }
}
