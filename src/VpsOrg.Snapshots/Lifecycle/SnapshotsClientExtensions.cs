namespace VpsOrg.Snapshots;

/// <summary>
/// The snapshot lifecycle on top of the four calls, for any <see cref="ISnapshotsClient"/>: wait for a snapshot,
/// stream a long list, rotate or prune old snapshots within the 5-per-server limit, and restore with a safety
/// snapshot that can undo the restore.
/// </summary>
/// <remarks>
/// The helpers delete a snapshot only when it is settled: <c>completed</c>, or failed (<c>failed</c>/<c>error</c>,
/// no rollback point). Snapshots in progress, or in a status this version of the SDK does not know, are never deleted.
/// </remarks>
public static partial class SnapshotsClientExtensions
{
}
