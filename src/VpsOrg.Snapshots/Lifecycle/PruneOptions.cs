using System;

namespace VpsOrg.Snapshots;

/// <summary>
/// Which snapshots <see cref="SnapshotsClientExtensions.PruneAsync"/> deletes. A snapshot is deleted only when every
/// rule set says so, and only when it is settled (completed, or failed): never one in progress or in a status the
/// SDK does not know.
/// </summary>
public sealed class PruneOptions
{
    /// <summary>Keep the newest this many snapshots; older ones may be deleted. <see langword="null"/> for no such rule.</summary>
    public int? KeepLast { get; set; }

    /// <summary>Only delete snapshots older than this, on the client's clock. <see langword="null"/> for no such rule.</summary>
    public TimeSpan? OlderThan { get; set; }

    /// <summary>
    /// Only snapshots whose name starts with this (ordinal) are considered, for keeping and for deleting, so
    /// snapshots made by hand or by another schedule are never touched. <see langword="null"/> for all.
    /// </summary>
    public string? NamePrefix { get; set; }

    /// <summary>
    /// Delete failed snapshots (<c>failed</c>/<c>error</c>) whatever <see cref="KeepLast"/> and <see cref="OlderThan"/>
    /// say, and do not count them toward <see cref="KeepLast"/>: they are no rollback point, and left alone they fill
    /// the server's places. Rotation does this for its own prefix.
    /// </summary>
    public bool DeleteFailed { get; set; }

    /// <summary>A snapshot never deleted whatever the rules say (for example the one just made); <see langword="null"/> for none.</summary>
    public long? ProtectedSnapshotId { get; set; }
}
