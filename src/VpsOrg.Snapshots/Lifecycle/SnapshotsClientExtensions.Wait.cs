using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Lifecycle.Internal;

namespace VpsOrg.Snapshots;

public static partial class SnapshotsClientExtensions
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
        var metrics = (client as ISdkClient)?.Core.Metrics ?? SnapshotsMetrics.Shared;
        try
        {
            var completed = await PollUntilCompletedAsync(client, snapshot, options, time, started, progress, cancellationToken).ConfigureAwait(false);
            metrics.WaitEnded(time.GetElapsedTime(started), completed.Status.Value, null);
            return completed;
        }
        catch (Exception ex)
        {
            metrics.WaitEnded(time.GetElapsedTime(started), (ex as SnapshotFailedException)?.Snapshot?.Status.Value, ex);
            throw;
        }
    }

    private static async Task<Snapshot> PollUntilCompletedAsync(
        ISnapshotsClient client,
        Snapshot snapshot,
        SnapshotWaitOptions options,
        TimeProvider time,
        long started,
        IProgress<Snapshot>? progress,
        CancellationToken cancellationToken)
    {
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

            var waited = interval < remaining ? interval : remaining;
            var before = time.GetTimestamp();
            await time.DelayAsync(waited, cancellationToken).ConfigureAwait(false);
            interval = Min(TimeSpan.FromTicks(interval.Ticks * 2), options.MaxPollInterval);

            // Concurrent waits on one client share their polls: a view another wait's poll took in the second half
            // of this wait's sleep is fresh enough (never one older than the last look of this wait).
            var seen = await SharedLists.OfServerAsync(client, snapshot.Server.Id, PollFreshSince(client, before, waited), cancellationToken).ConfigureAwait(false);
            current = seen.FirstOrDefault(s => s.Id == snapshot.Id)
                ?? throw SnapshotSelection.NotFound($"Snapshot {snapshot.Id} '{snapshot.Name}' no longer exists on server {snapshot.Server.Id}: it was deleted while being waited on.");
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Half-way through a sleep that began at <paramref name="before"/>, as a timestamp of the client's own clock (its shared views are stamped on it).</summary>
    private static long? PollFreshSince(ISnapshotsClient client, long before, TimeSpan waited) =>
        client is ISdkClient sdk ? before + (long)(waited.TotalSeconds / 2 * sdk.Core.Time.TimestampFrequency) : null;
}
