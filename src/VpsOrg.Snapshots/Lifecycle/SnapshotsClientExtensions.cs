using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots;

/// <summary>
/// The snapshot lifecycle on top of the four calls, for any <see cref="ISnapshotsClient"/>: wait for a snapshot,
/// stream a long list, rotate or prune old snapshots within the 5-per-server limit, and restore with a safety
/// snapshot that can undo the restore.
/// </summary>
public static class SnapshotsClientExtensions
{
    /// <summary>
    /// Polls until <paramref name="snapshot"/> is <c>completed</c> (through <see cref="ISnapshotsClient.ListAsync"/> of
    /// its server: the API has no get-by-id), backing off from <see cref="SnapshotWaitOptions.PollInterval"/> to
    /// <see cref="SnapshotWaitOptions.MaxPollInterval"/>.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshot">The snapshot to wait for, as returned by create or list.</param>
    /// <param name="options">Poll intervals, overall timeout (20 minutes) and clock; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives the snapshot as seen at each poll.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The completed snapshot, with its size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="snapshot"/> is <see langword="null"/>.</exception>
    /// <exception cref="SnapshotFailedException">The snapshot ended <c>failed</c> or <c>error</c>.</exception>
    /// <exception cref="VpsNotFoundException">The snapshot disappeared while being waited on.</exception>
    /// <exception cref="TimeoutException">It did not complete within <see cref="SnapshotWaitOptions.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<Snapshot> WaitForCompletionAsync(
        this ISnapshotsClient client,
        Snapshot snapshot,
        SnapshotWaitOptions? options = null,
        IProgress<Snapshot>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(snapshot);
        options ??= new SnapshotWaitOptions();
        options.Validate();
        var time = options.TimeProvider ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var current = snapshot;
        var interval = options.PollInterval;
        while (true)
        {
            if (current.Status == SnapshotStatus.Completed)
            {
                return current;
            }

            if (current.Status.IsFailure)
            {
                throw new SnapshotFailedException(current);
            }

            var remaining = options.Timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"Snapshot {snapshot.Id} '{snapshot.Name}' on server {snapshot.Server.Id} did not complete within {options.Timeout}; its last status was '{current.Status}'.");
            }

            await DelayAsync(time, interval < remaining ? interval : remaining, cancellationToken).ConfigureAwait(false);
            interval = Min(TimeSpan.FromTicks(interval.Ticks * 2), options.MaxPollInterval);

            var list = await client.ListAsync(snapshot.Server.Id, cancellationToken).ConfigureAwait(false);
            current = list.Results.FirstOrDefault(s => s.Id == snapshot.Id)
                ?? throw new VpsNotFoundException(
                    $"Snapshot {snapshot.Id} '{snapshot.Name}' no longer exists on server {snapshot.Server.Id}: it was deleted while being waited on.",
                    404, "Not found.", null, null, null);
            progress?.Report(current);
        }
    }

    /// <summary>Creates a snapshot and waits until it is <c>completed</c>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The server and the snapshot's name.</param>
    /// <param name="options">How to wait; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives the snapshot as seen at each poll.</param>
    /// <param name="cancellationToken">Cancels the call and the wait.</param>
    /// <returns>The completed snapshot.</returns>
    /// <exception cref="ArgumentException">The request is invalid (see <see cref="ISnapshotsClient.CreateAsync"/>).</exception>
    /// <exception cref="SnapshotFailedException">The snapshot ended <c>failed</c> or <c>error</c>.</exception>
    /// <exception cref="VpsApiException">The create or a poll failed.</exception>
    /// <exception cref="TimeoutException">It did not complete in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<Snapshot> CreateAndWaitAsync(
        this ISnapshotsClient client,
        CreateSnapshotRequest request,
        SnapshotWaitOptions? options = null,
        IProgress<Snapshot>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        var created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        progress?.Report(created);
        return await client.WaitForCompletionAsync(created, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams every snapshot, fetching list pages only as they are consumed (memory bounded by one page with the
    /// SDK's clients; other implementations fall back to <see cref="ISnapshotsClient.ListAsync"/>).
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="serverId">Only this server's snapshots; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The snapshots, newest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="serverId"/> is zero or negative.</exception>
    public static IAsyncEnumerable<Snapshot> ListAllAsync(this ISnapshotsClient client, long? serverId = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        if (serverId is { } id)
        {
            Guard.PositiveId(id, nameof(serverId));
        }

        return client is IPagedSnapshotsClient paged
            ? paged.EnumerateAsync(serverId, cancellationToken)
            : FromListAsync(client, serverId, cancellationToken);
    }

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
        var newestFirst = Newest(list.Results.Where(s => s.Server.Id == serverId));
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

        return new PruneResult { Deleted = doomed, DryRun = options.DryRun };
    }

    /// <summary>
    /// Restores a snapshot, with <see cref="RestoreOptions.SafetySnapshot"/> first snapshotting the server's current
    /// state and waiting for it to complete, so the restore can be undone by restoring the safety snapshot.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshotId">The snapshot to restore.</param>
    /// <param name="options">Whether and how to take the safety snapshot.</param>
    /// <param name="cancellationToken">Cancels the calls and waits.</param>
    /// <returns>The restore result, the safety snapshot and any snapshots rotated away.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapshotId"/> is zero or negative.</exception>
    /// <exception cref="VpsNotFoundException">The snapshot does not exist.</exception>
    /// <exception cref="SnapshotLimitExceededException">The server is at its limit and rotation was not allowed; nothing was restored.</exception>
    /// <exception cref="SnapshotFailedException">The safety snapshot failed; nothing was restored.</exception>
    /// <exception cref="VpsApiException">A call failed.</exception>
    /// <exception cref="TimeoutException">The safety snapshot did not complete in time; nothing was restored.</exception>
    public static async Task<SafeRestoreResult> RestoreAsync(this ISnapshotsClient client, long snapshotId, RestoreOptions options, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.PositiveId(snapshotId);
        Guard.NotNull(options);
        if (!options.SafetySnapshot)
        {
            var direct = await client.RestoreAsync(snapshotId, cancellationToken).ConfigureAwait(false);
            return new SafeRestoreResult { Restore = direct, Deleted = [] };
        }

        var target = await FindAsync(client, snapshotId, cancellationToken).ConfigureAwait(false)
            ?? throw new VpsNotFoundException($"Snapshot {snapshotId} does not exist, so there is nothing to restore.", 404, "Not found.", null, null, null);
        var time = options.Wait.TimeProvider ?? TimeProvider.System;
        var name = options.SafetySnapshotName
            ?? string.Format(CultureInfo.InvariantCulture, "pre-restore-{0}-{1:yyyyMMdd-HHmmss}", snapshotId, time.GetUtcNow().UtcDateTime);
        var request = new CreateSnapshotRequest(target.Server.Id, name, $"Safety snapshot before restoring snapshot {snapshotId} ({target.Name})");

        RotationResult rotation;
        if (options.AllowRotation)
        {
            rotation = await RotateAndCreateAsync(client, request, options.KeepLast, snapshotId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            rotation = new RotationResult { Created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false), Deleted = [] };
        }

        var safety = await client.WaitForCompletionAsync(rotation.Created, options.Wait, null, cancellationToken).ConfigureAwait(false);
        var restore = await client.RestoreAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        return new SafeRestoreResult { Restore = restore, SafetySnapshot = safety, Deleted = rotation.Deleted };
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

    private static async Task<Snapshot?> FindAsync(ISnapshotsClient client, long snapshotId, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in client.ListAllAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Id == snapshotId)
            {
                return snapshot;
            }
        }

        return null;
    }

    private static async IAsyncEnumerable<Snapshot> FromListAsync(ISnapshotsClient client, long? serverId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in list.Results)
        {
            yield return snapshot;
        }
    }

    private static IEnumerable<Snapshot> Newest(IEnumerable<Snapshot> snapshots) =>
        snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(delay, time, cancellationToken);
#else
        return time.Delay(delay, cancellationToken);
#endif
    }
}
