using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Cli.Execution;

/// <summary>
/// The rules <c>rotate</c> and <c>guard --keep</c> share: only snapshots whose name starts with the prefix are ever
/// deleted, never one in progress, never the one just made; at the 5-per-server limit, room is made from the
/// prefix's own completed snapshots, or nothing changes and the limit is reported.
/// </summary>
internal sealed class OwnSnapshots(ISnapshotsClient client, long serverId, string prefix)
{
    private const int ServerLimit = SnapshotLimitExceededException.MaxSnapshotsPerServer;

    /// <summary>Deletes the oldest completed snapshots with the prefix until one more fits, checking first that enough of them exist.</summary>
    /// <exception cref="SnapshotLimitExceededException">The server is full and too few of its snapshots are this prefix's completed ones; nothing was deleted.</exception>
    public async Task<List<Snapshot>> MakeRoomAsync(CancellationToken cancellationToken)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        var excess = all.Count - (ServerLimit - 1);
        if (excess <= 0)
        {
            return [];
        }

        var deletable = Own(all).Where(s => s.Status == SnapshotStatus.Completed).Reverse().Take(excess).ToList();
        if (deletable.Count < excess)
        {
            throw new SnapshotLimitExceededException(
                $"Server {serverId} holds {all.Count} snapshots, the API's limit of {ServerLimit}, and only {deletable.Count} of them are completed snapshots named '{prefix}...' that may be deleted; nothing was changed. Delete one by hand or raise --keep.",
                0, null, null, null, null);
        }

        foreach (var snapshot in deletable)
        {
            await DeleteAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
        }

        return deletable;
    }

    /// <summary>Keeps the newest <paramref name="keep"/> snapshots with the prefix; deletes older completed ones, never <paramref name="justMade"/>.</summary>
    public async Task<(List<Snapshot> Deleted, List<Snapshot> Kept)> KeepNewestAsync(int keep, long justMade, CancellationToken cancellationToken)
    {
        var own = Own(await ListAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var doomed = own.Skip(keep).Where(s => s.Status == SnapshotStatus.Completed && s.Id != justMade).ToList();
        foreach (var snapshot in doomed)
        {
            await DeleteAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
        }

        return (doomed, own.Except(doomed).ToList());
    }

    private IEnumerable<Snapshot> Own(IEnumerable<Snapshot> snapshots) =>
        snapshots.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    private async Task<List<Snapshot>> ListAsync(CancellationToken cancellationToken) =>
        (await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false)).Results
            .Where(s => s.Server.Id == serverId)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id)
            .ToList();

    private async Task DeleteAsync(long snapshotId, CancellationToken cancellationToken)
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
}
