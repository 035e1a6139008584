using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Lifecycle.Internal;

namespace VpsOrg.Snapshots;

/// <summary>
/// What a prune would delete on one server, from one listing (<see cref="SnapshotsClientExtensions.PlanPruneAsync"/>),
/// so a caller can show it and ask before <see cref="ApplyAsync"/> deletes exactly these snapshots.
/// </summary>
public sealed class PrunePlan
{
    private readonly ISnapshotsClient _client;

    internal PrunePlan(ISnapshotsClient client, long serverId, IReadOnlyList<Snapshot> deleted, IReadOnlyList<Snapshot> kept)
    {
        _client = client;
        ServerId = serverId;
        Deleted = deleted;
        Kept = kept;
    }

    /// <summary>The server.</summary>
    public long ServerId { get; }

    /// <summary>The snapshots the rules would delete, oldest first.</summary>
    public IReadOnlyList<Snapshot> Deleted { get; }

    /// <summary>The snapshots the rules considered and keep, newest first.</summary>
    public IReadOnlyList<Snapshot> Kept { get; }

    /// <summary>Deletes the planned snapshots, oldest first; one already gone is taken as deleted.</summary>
    /// <param name="cancellationToken">Cancels the deletes not yet sent (and the one in flight).</param>
    /// <returns>What was deleted and kept.</returns>
    /// <exception cref="VpsApiException">A delete failed; the snapshots before it were deleted.</exception>
    public async Task<PruneResult> ApplyAsync(CancellationToken cancellationToken = default)
    {
        foreach (var snapshot in Deleted)
        {
            await SnapshotSelection.DeleteIfPresentAsync(_client, snapshot.Id, cancellationToken).ConfigureAwait(false);
        }

        return new PruneResult { Deleted = Deleted, Kept = Kept };
    }
}
