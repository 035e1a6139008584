using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>How the lifecycle helpers make room for a snapshot: the one rule behind <c>MakeRoomAsync</c>, rotation, <c>CreateWithRotationAsync</c> and a safe restore's <c>AllowRotation</c>.</summary>
internal static class Rooms
{
    /// <summary>
    /// Makes room (the server holds at most <paramref name="keepTotal"/> snapshots after the create) and creates, each
    /// time on a listing requested just before; when the API says the server is full anyway (someone else filled it
    /// meanwhile), lists and makes room once more.
    /// </summary>
    public static async Task<RotationResult> CreateMakingRoomAsync(
        ISnapshotsClient client,
        CreateSnapshotRequest request,
        int keepTotal,
        string? namePrefix,
        long? protectedId,
        IProgress<RotationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var deleted = new List<Snapshot>();
        var serverSaidFull = false;
        while (true)
        {
            var onServer = await ClientLifecycle.FreshListingAsync(client, request.ServerId, cancellationToken).ConfigureAwait(false);

            // Once the API has refused a create as over its limit, the server is full at what it holds now.
            var limit = serverSaidFull ? Math.Min(keepTotal, onServer.Count) : keepTotal;
            deleted.AddRange(await FreeAsync(client, onServer, request.ServerId, limit, namePrefix, protectedId, request.Name, progress, cancellationToken).ConfigureAwait(false));
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new RotationProgress(RotationStep.Creating, request.Name, null));
            try
            {
                var created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                progress?.Report(new RotationProgress(RotationStep.Created, request.Name, created));
                return new RotationResult { Created = created, Deleted = deleted };
            }
            catch (SnapshotLimitExceededException) when (!serverSaidFull)
            {
                serverSaidFull = true;
            }
        }
    }

    /// <summary>Deletes what must go so the server holds at most <paramref name="limit"/> - 1 snapshots, checking first that enough may go.</summary>
    public static async Task<List<Snapshot>> FreeAsync(
        ISnapshotsClient client,
        IReadOnlyList<Snapshot> snapshots,
        long serverId,
        int limit,
        string? namePrefix,
        long? protectedId,
        string? forName,
        IProgress<RotationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var onServer = snapshots.Count(s => s.Server.Id == serverId);
        var excess = onServer - (limit - 1);
        var doomed = SnapshotSelection.ToFree(SnapshotSelection.Own(snapshots, serverId, namePrefix), excess, protectedId);
        if (doomed.Count < excess)
        {
            var which = namePrefix is null ? "settled" : $"settled snapshots named '{namePrefix}...' that are";
            throw new SnapshotLimitExceededException(
                $"Cannot make room{(forName is null ? string.Empty : $" for snapshot '{forName}'")} on server {serverId}: it holds {onServer} snapshots (the API's limit is {SnapshotRules.MaxSnapshotsPerServer}{(limit < SnapshotRules.MaxSnapshotsPerServer ? $", {limit} asked for" : string.Empty)}) and only {doomed.Count} {which} deletable (snapshots in progress{(protectedId is null ? string.Empty : " and the snapshot being restored")} are kept); nothing was changed.",
                0, null, null, null, null);
        }

        foreach (var snapshot in doomed)
        {
            await SnapshotSelection.DeleteIfPresentAsync(client, snapshot.Id, cancellationToken).ConfigureAwait(false);
            progress?.Report(new RotationProgress(RotationStep.Deleted, forName ?? string.Empty, snapshot));
        }

        return doomed;
    }
}
