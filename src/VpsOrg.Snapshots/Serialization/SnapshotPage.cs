using System.Collections.Generic;

namespace VpsOrg.Snapshots.Serialization;

/// <summary>One page of a DRF list response.</summary>
internal sealed class SnapshotPage
{
    public int? Count { get; init; }

    public string? Next { get; init; }

    public string? Previous { get; init; }

    public List<Snapshot>? Results { get; init; }
}
