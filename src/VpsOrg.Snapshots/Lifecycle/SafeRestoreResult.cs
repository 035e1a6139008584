using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>What a restore with a safety snapshot did.</summary>
public sealed record SafeRestoreResult
{
    /// <summary>The API's restore result.</summary>
    public required RestoreResult Restore { get; init; }

    /// <summary>The completed snapshot of the server's state before the restore: restore it to undo. <see langword="null"/> when none was asked for.</summary>
    public Snapshot? SafetySnapshot { get; init; }

    /// <summary>Snapshots deleted to make room for the safety snapshot (only with <see cref="RestoreOptions.AllowRotation"/>).</summary>
    public required IReadOnlyList<Snapshot> Deleted { get; init; }
}
