using System;

namespace VpsOrg.Snapshots;

/// <summary>The snapshot named in a <see cref="RestoreResult"/>.</summary>
public sealed record RestoredSnapshot
{
    /// <summary>The snapshot's id.</summary>
    public required long Id { get; init; }

    /// <summary>The snapshot's name.</summary>
    public string? Name { get; init; }

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
