using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Lifecycle.Internal;

namespace VpsOrg.Snapshots;

public static partial class SnapshotsClientExtensions
{
    /// <summary>
    /// Creates a snapshot, first deleting the server's oldest settled snapshots (failed ones first) when it already
    /// holds <paramref name="keepLast"/> or more, so that it holds at most <paramref name="keepLast"/> afterwards.
    /// Snapshots in progress are never deleted, nor is the one created.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The server and the snapshot's name.</param>
    /// <param name="keepLast">How many snapshots the server may hold after the create (1 to 5 with the API's limit).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The snapshot created and the snapshots deleted.</returns>
    /// <exception cref="ArgumentException">The request is invalid, or <paramref name="keepLast"/> is below 1.</exception>
    /// <exception cref="SnapshotLimitExceededException">Not enough settled snapshots could be deleted to make room (the rest are in progress); nothing was deleted.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    public static Task<RotationResult> CreateWithRotationAsync(
        this ISnapshotsClient client,
        CreateSnapshotRequest request,
        int keepLast = SnapshotRules.MaxSnapshotsPerServer,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(request);
        Guard.PositiveId(request.ServerId, "request.ServerId");
        Guard.SnapshotName(request.Name, "request.Name");
        if (keepLast < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(keepLast), keepLast, "keepLast must be at least 1: the new snapshot needs room.");
        }

        return MadeAsync(CreateMakingRoomAsync(client, request, keepLast, namePrefix: null, protectedId: null, null, cancellationToken));

        static async Task<RotationResult> MadeAsync(Task<(RotationResult Made, IReadOnlyList<Snapshot> Known)> making) => (await making.ConfigureAwait(false)).Made;
    }

    /// <summary>
    /// The scheduled rotation of one server: makes room at the API's limit from the prefix's own settled snapshots
    /// (failed ones first), creates <c>&lt;prefix&gt;&lt;UTC time&gt;</c>, waits until it is completed (unless
    /// <see cref="RotationOptions.Wait"/> is <see langword="null"/>), then keeps the newest
    /// <see cref="RotationOptions.KeepLast"/> of the prefix and deletes the prefix's older settled ones and its failed
    /// ones (no rollback point; they do not count as kept). Never deletes
    /// a snapshot without the prefix, one in progress, or the one it just made.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">The server.</param>
    /// <param name="options">The prefix, how many to keep, the name, and how to wait.</param>
    /// <param name="progress">Receives each step as it happens (deleted, creating, created, each poll).</param>
    /// <param name="cancellationToken">Cancels the calls and the wait.</param>
    /// <returns>The snapshot created, every snapshot deleted, and the prefix's snapshots kept.</returns>
    /// <exception cref="ArgumentException">An option is invalid (nothing was sent).</exception>
    /// <exception cref="SnapshotLimitExceededException">The server is full and too few of its snapshots are the prefix's settled ones; nothing was changed.</exception>
    /// <exception cref="SnapshotFailedException">The new snapshot failed; the older ones were kept.</exception>
    /// <exception cref="TimeoutException">The new snapshot did not complete in time; the older ones were kept.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    public static async Task<RotationResult> RotateAsync(
        this ISnapshotsClient client,
        long serverId,
        RotationOptions options,
        IProgress<RotationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(serverId);
        Guard.NotNull(options);
        options.Validate();
        var time = options.TimeProvider ?? options.Wait?.TimeProvider ?? TimeProvider.System;
        var name = options.Name ?? SnapshotRules.StampedName(options.NamePrefix, time.GetUtcNow());
        var request = new CreateSnapshotRequest(serverId, name, options.Description);

        var (made, known) = await CreateMakingRoomAsync(client, request, SnapshotRules.MaxSnapshotsPerServer, options.NamePrefix, null, progress, cancellationToken).ConfigureAwait(false);
        var createdAt = SharedLists.Timestamp(client);
        var created = made.Created;
        if (options.Wait is { } wait)
        {
            var polled = progress is null ? null : new StepProgress(progress, RotationStep.Polled, name);
            created = await client.WaitForCompletionAsync(created, wait, polled, cancellationToken).ConfigureAwait(false);
        }

        // The prune reads the server as the shared rounds last saw it since the create (the one that saw it completed,
        // usually): no listing of its own unless that view may lack a snapshot this rotation knows is there.
        var onServer = await SharedLists.ForPruneAsync(client, serverId, known.Append(created), createdAt, cancellationToken).ConfigureAwait(false);
        var plan = PlanPrune(client, serverId, new PruneOptions { KeepLast = options.KeepLast, NamePrefix = options.NamePrefix, ProtectedSnapshotId = created.Id, DeleteFailed = true }, onServer);
        var deleted = made.Deleted.ToList();
        foreach (var snapshot in plan.Deleted)
        {
            await SnapshotSelection.DeleteIfPresentAsync(client, snapshot.Id, cancellationToken).ConfigureAwait(false);
            deleted.Add(snapshot);
            progress?.Report(new RotationProgress(RotationStep.Deleted, name, snapshot));
        }

        var kept = plan.Kept.Select(s => s.Id == created.Id ? created : s).ToList();
        return new RotationResult { Created = created, Deleted = deleted, Kept = kept };
    }

    /// <summary>
    /// Frees one place on a server at the API's limit, from the snapshots whose name starts with
    /// <paramref name="namePrefix"/> (all, when <see langword="null"/>): failed ones first, then the oldest completed;
    /// never one in progress, nor <paramref name="protectedSnapshotId"/>. Does nothing when the server has room.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">The server.</param>
    /// <param name="namePrefix">Only snapshots with this name prefix may go; any when <see langword="null"/>.</param>
    /// <param name="protectedSnapshotId">A snapshot that must not be deleted.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The snapshots deleted, in order (empty when there was room).</returns>
    /// <exception cref="SnapshotLimitExceededException">The server is full and too few snapshots may go; nothing was deleted.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    public static async Task<IReadOnlyList<Snapshot>> MakeRoomAsync(
        this ISnapshotsClient client,
        long serverId,
        string? namePrefix = null,
        long? protectedSnapshotId = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(serverId);
        var onServer = await SharedLists.OfServerAsync(client, serverId, cancellationToken).ConfigureAwait(false);
        return await FreeAsync(client, onServer, serverId, SnapshotRules.MaxSnapshotsPerServer, namePrefix, protectedSnapshotId, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes room (keeping at most <paramref name="keepTotal"/> snapshots after the create) and creates; lists again once
    /// when the API says the server is full anyway. Also returns the server's other snapshots as last listed, less those
    /// deleted: every snapshot it held before the create.
    /// </summary>
    private static async Task<(RotationResult Made, IReadOnlyList<Snapshot> Known)> CreateMakingRoomAsync(
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
            var onServer = await SharedLists.OfServerAsync(client, request.ServerId, cancellationToken).ConfigureAwait(false);

            // Once the API has refused a create as over its limit, the server is full at what it holds now.
            var limit = serverSaidFull ? Math.Min(keepTotal, onServer.Count) : keepTotal;
            deleted.AddRange(await FreeAsync(client, onServer, request.ServerId, limit, namePrefix, protectedId, request.Name, progress, cancellationToken).ConfigureAwait(false));
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new RotationProgress(RotationStep.Creating, request.Name, null));
            try
            {
                var created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                progress?.Report(new RotationProgress(RotationStep.Created, request.Name, created));
                var known = onServer.Where(s => s.Server.Id == request.ServerId && !deleted.Any(d => d.Id == s.Id)).ToList();
                return (new RotationResult { Created = created, Deleted = deleted }, known);
            }
            catch (SnapshotLimitExceededException) when (!serverSaidFull)
            {
                // Someone else filled the server between our list and our create, or the limit is below what we
                // assumed: list again and make room for one more, once.
                serverSaidFull = true;
            }
        }
    }

    /// <summary>Deletes what must go so the server holds at most <paramref name="limit"/> - 1 snapshots, checking first that enough may go.</summary>
    private static async Task<List<Snapshot>> FreeAsync(
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

    /// <summary>Reports each poll of the wait as a rotation step.</summary>
    private sealed class StepProgress(IProgress<RotationProgress> inner, RotationStep step, string name) : IProgress<Snapshot>
    {
        public void Report(Snapshot value) => inner.Report(new RotationProgress(step, name, value));
    }
}
