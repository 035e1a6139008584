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
    /// Creates a snapshot, first making room (<see cref="MakeRoomAsync"/>'s choice: failed ones first, then the oldest
    /// completed; never one in progress) so that the server holds at most <paramref name="keepLast"/> snapshots
    /// afterwards, the new one included.
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

        return Rooms.CreateMakingRoomAsync(client, request, keepLast, namePrefix: null, protectedId: null, null, cancellationToken);
    }

    /// <summary>
    /// The scheduled rotation of one server: makes room at the API's limit from the prefix's own settled snapshots
    /// (failed ones first), creates <c>&lt;prefix&gt;&lt;UTC time&gt;</c>, waits until it is completed (unless
    /// <see cref="RotationOptions.Wait"/> is <see langword="null"/>), then keeps the newest
    /// <see cref="RotationOptions.KeepLast"/> of the prefix and deletes the prefix's older settled ones and its failed
    /// ones (no rollback point; they do not count as kept). Never deletes a snapshot without the prefix, one in
    /// progress, or the one it just made. Every deletion is decided on a listing of the server requested after the
    /// moment that matters: before the create for the room, after the new snapshot was seen completed for the prune.
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
        var name = options.Name ?? SnapshotRules.StampedName(options.NamePrefix, ClientLifecycle.Clock(client).GetUtcNow());
        var request = new CreateSnapshotRequest(serverId, name, options.Description);

        var made = await Rooms.CreateMakingRoomAsync(client, request, SnapshotRules.MaxSnapshotsPerServer, options.NamePrefix, null, progress, cancellationToken).ConfigureAwait(false);
        var created = made.Created;
        IReadOnlyList<Snapshot>? onServer = null;
        if (options.Wait is { } wait)
        {
            var polled = progress is null ? null : new StepProgress(progress, RotationStep.Polled, name);
            var outcome = await ClientLifecycle.WaitAsync(client, created, wait, polled, null, cancellationToken).ConfigureAwait(false);
            created = outcome.Snapshot;

            // The listing that saw it completed serves when it is whole; else the server is listed now.
            onServer = outcome.Server;
        }

        onServer ??= await ClientLifecycle.FreshListingAsync(client, serverId, cancellationToken).ConfigureAwait(false);
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
    /// <paramref name="namePrefix"/> (all, when <see langword="null"/>): failed ones first whatever their age, then the
    /// oldest completed; never one in progress, nor <paramref name="protectedSnapshotId"/>. Decided on a listing of the
    /// server requested now. Does nothing when the server has room. The one way the SDK makes room: rotation,
    /// <see cref="CreateWithRotationAsync"/> and <see cref="RestoreOptions.AllowRotation"/> use it too.
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
        var onServer = await ClientLifecycle.FreshListingAsync(client, serverId, cancellationToken).ConfigureAwait(false);
        return await Rooms.FreeAsync(client, onServer, serverId, SnapshotRules.MaxSnapshotsPerServer, namePrefix, protectedSnapshotId, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports each poll of the wait as a rotation step.</summary>
    private sealed class StepProgress(IProgress<RotationProgress> inner, RotationStep step, string name) : IProgress<Snapshot>
    {
        public void Report(Snapshot value) => inner.Report(new RotationProgress(step, name, value));
    }
}
