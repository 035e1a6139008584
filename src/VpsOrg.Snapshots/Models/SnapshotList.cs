using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>The snapshots returned by a list call, every page of it.</summary>
public sealed record SnapshotList
{
    /// <summary>The number of snapshots the server reports for the query.</summary>
    public required int Count { get; init; }

    /// <summary>The snapshots, in the server's order (newest first).</summary>
    public required IReadOnlyList<Snapshot> Results { get; init; }
}
