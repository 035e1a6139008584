using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>
/// The lifecycle's rules about which snapshots may go, in one place for rotation, pruning and safe restore.
/// </summary>
/// <remarks>
/// A snapshot may be deleted by a helper only when it is <em>settled</em>: <c>completed</c>, or failed
/// (<c>failed</c>/<c>error</c>: no rollback point, and left alone it fills one of the server's places). A snapshot
/// <c>in_progress</c> is never deleted, and neither is one in a status this version does not know (<c>deleting</c>,
/// <c>uploading</c>, ...): the SDK does not guess what such a status means.
/// </remarks>
internal static class SnapshotSelection
{
    /// <summary>Whether a helper may delete <paramref name="snapshot"/>: completed or failed, never in progress or unknown.</summary>
    public static bool IsSettled(Snapshot snapshot) => snapshot.Status == SnapshotStatus.Completed || snapshot.Status.IsFailure;

    /// <summary>The snapshots of <paramref name="serverId"/> whose name starts with <paramref name="prefix"/> (all of them when it is <see langword="null"/>), newest first.</summary>
    public static List<Snapshot> Own(IEnumerable<Snapshot> snapshots, long serverId, string? prefix) =>
        SnapshotRules.NewestFirst(snapshots.Where(s => s.Server.Id == serverId && (prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal)))).ToList();

    /// <summary>
    /// The snapshots to delete so that <paramref name="excess"/> places are freed: only settled ones of
    /// <paramref name="own"/>, never <paramref name="protectedId"/>; failed ones first, then the oldest completed.
    /// Fewer than <paramref name="excess"/> when not enough may go.
    /// </summary>
    public static List<Snapshot> ToFree(IReadOnlyList<Snapshot> own, int excess, long? protectedId) =>
        excess <= 0
            ? []
            : own.Where(s => IsSettled(s) && s.Id != protectedId)
                .OrderBy(s => s.Status.IsFailure ? 0 : 1)
                .ThenBy(s => s.CreatedAt)
                .ThenBy(s => s.Id)
                .Take(excess)
                .ToList();

    /// <summary>Deletes a snapshot; one already gone (404) is what was asked for.</summary>
    public static async Task DeleteIfPresentAsync(ISnapshotsClient client, long snapshotId, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        }
        catch (VpsNotFoundException)
        {
            // Already gone: what was asked for holds.
        }
    }

    /// <summary>The typed "not found" the helpers throw when a snapshot they look for is not in the list.</summary>
    public static VpsNotFoundException NotFound(string message) => new(message, 404, "Not found.", null, null, null);
}
