using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots;

public static partial class SnapshotsClientExtensions
{
    /// <summary>
    /// Creates a snapshot, first deleting the oldest <c>completed</c> snapshots of the server when it already holds
    /// <paramref name="keepLast"/> or more, so that it holds at most <paramref name="keepLast"/> afterwards. Snapshots
    /// still <c>in_progress</c> are never deleted, nor is the one created.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The server and the snapshot's name.</param>
    /// <param name="keepLast">How many snapshots the server may hold after the create (1 to 5 with the API's limit).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The snapshot created and the snapshots deleted.</returns>
    /// <exception cref="ArgumentException">The request is invalid, or <paramref name="keepLast"/> is below 1.</exception>
    /// <exception cref="SnapshotLimitExceededException">Not enough completed snapshots could be deleted to make room (the rest are in progress).</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    public static Task<RotationResult> CreateWithRotationAsync(
        this ISnapshotsClient client,
        CreateSnapshotRequest request,
        int keepLast = 5,
        CancellationToken cancellationToken = default) =>
        RotateAndCreateAsync(client, request, keepLast, protectedId: null, cancellationToken);

    /// <summary>
    /// Deletes a server's old snapshots by rules: keep the newest <see cref="PruneOptions.KeepLast"/>, delete only
    /// those older than <see cref="PruneOptions.OlderThan"/>. Snapshots still <c>in_progress</c> are never deleted.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">The server.</param>
    /// <param name="options">The rules (at least one), and whether this is a dry run.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>What was deleted (or would be, in a dry run), oldest first.</returns>
    /// <exception cref="ArgumentException">No rule is set, or a rule is out of range.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    public static async Task<PruneResult> PruneAsync(this ISnapshotsClient client, long serverId, PruneOptions options, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(serverId);
        Guard.NotNull(options);
        if (options.KeepLast is null && options.OlderThan is null)
        {
            throw new ArgumentException("Set KeepLast, OlderThan or both: a prune without a rule would delete everything.", nameof(options));
        }

        if (options.KeepLast is < 0 || options.OlderThan < TimeSpan.Zero)
        {
            throw new ArgumentException("KeepLast and OlderThan must not be negative.", nameof(options));
        }

        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var list = await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
        var newestFirst = Newest(list.Results.Where(s => s.Server.Id == serverId && (options.NamePrefix is not { } prefix || s.Name.StartsWith(prefix, StringComparison.Ordinal)))).ToList();
        var doomed = newestFirst
            .Skip(options.KeepLast ?? 0)
            .Where(s => s.Status != SnapshotStatus.InProgress)
            .Where(s => options.OlderThan is not { } age || now - s.CreatedAt > age)
            .Reverse()
            .ToList();

        if (!options.DryRun)
        {
            foreach (var snapshot in doomed)
            {
                await DeleteIfPresentAsync(client, snapshot.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return new PruneResult { Deleted = doomed, Kept = newestFirst.Except(doomed).ToList(), DryRun = options.DryRun };
    }

    private static async Task<RotationResult> RotateAndCreateAsync(
        ISnapshotsClient client,
        CreateSnapshotRequest request,
        int keepLast,
        long? protectedId,
        CancellationToken cancellationToken)
    {
        Guard.NotNull(client);
        Guard.NotNull(request);
        Guard.PositiveId(request.ServerId, "request.ServerId");
        Guard.SnapshotName(request.Name, "request.Name");
        if (keepLast < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(keepLast), keepLast, "keepLast must be at least 1: the new snapshot needs room.");
        }

        var deleted = new List<Snapshot>();
        var serverSaidFull = false;
        while (true)
        {
            var list = await client.ListAsync(request.ServerId, cancellationToken).ConfigureAwait(false);
            var existing = list.Results.Where(s => s.Server.Id == request.ServerId).ToList();

            // Once the API has refused a create as over its limit, the server is full at what it holds now.
            var limit = serverSaidFull ? Math.Min(keepLast, existing.Count) : keepLast;
            var excess = existing.Count - (limit - 1);
            if (excess > 0)
            {
                var oldestCompleted = Newest(existing)
                    .Where(s => s.Status == SnapshotStatus.Completed && s.Id != protectedId)
                    .Reverse()
                    .Take(excess)
                    .ToList();
                if (oldestCompleted.Count < excess)
                {
                    throw new SnapshotLimitExceededException(
                        $"Cannot make room for snapshot '{request.Name}' on server {request.ServerId}: it holds {existing.Count} snapshots and only {oldestCompleted.Count} completed one(s) may be deleted (snapshots in progress and the snapshot being restored are kept).",
                        0, null, null, null, null);
                }

                foreach (var snapshot in oldestCompleted)
                {
                    await DeleteIfPresentAsync(client, snapshot.Id, cancellationToken).ConfigureAwait(false);
                    deleted.Add(snapshot);
                }
            }

            try
            {
                var created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                return new RotationResult { Created = created, Deleted = deleted };
            }
            catch (SnapshotLimitExceededException) when (!serverSaidFull)
            {
                // Someone else filled the server between our list and our create, or keepLast is above the API's
                // limit: list again and make room for one more, once.
                serverSaidFull = true;
            }
        }
    }

    private static async Task DeleteIfPresentAsync(ISnapshotsClient client, long snapshotId, CancellationToken cancellationToken)
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
