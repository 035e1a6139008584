using System;
using System.Collections.Generic;
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
            var completed = await SnapshotWaiter.PollUntilCompletedAsync(client, snapshot, options, time, started, progress, cancellationToken).ConfigureAwait(false);
            metrics.WaitEnded(time.GetElapsedTime(started), completed.Status.Value, null);
            return completed;
        }
        catch (Exception ex)
        {
            metrics.WaitEnded(time.GetElapsedTime(started), (ex as SnapshotFailedException)?.Snapshot?.Status.Value, ex);
            throw;
        }
    }

    /// <summary>
    /// Waits for many snapshots at once (a fleet's), each with its own timeout and outcome; with the SDK's clients
    /// their polls are shared (one listing serves them all, per server or unfiltered, whichever costs fewer requests).
    /// One snapshot failing, vanishing or timing out ends only its own wait.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshots">The snapshots to wait for, as returned by create or list.</param>
    /// <param name="options">Poll intervals, each wait's timeout and the clock; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives each snapshot as seen at each poll.</param>
    /// <param name="cancellationToken">Cancels every wait.</param>
    /// <returns>One result per snapshot, in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="snapshots"/> is <see langword="null"/>, or holds a <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IReadOnlyList<SnapshotWaitResult>> WaitForAllAsync(
        this ISnapshotsClient client,
        IEnumerable<Snapshot> snapshots,
        SnapshotWaitOptions? options = null,
        IProgress<Snapshot>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        var all = Guard.NotNull(snapshots).ToList();
        foreach (var snapshot in all)
        {
            Guard.NotNull(snapshot, nameof(snapshots));
        }

        options ??= new SnapshotWaitOptions();
        options.Validate();
        var waits = all.Select(snapshot => WaitOneAsync(client, snapshot, options, progress, cancellationToken)).ToList();
        return await Task.WhenAll(waits).ConfigureAwait(false);
    }

    private static async Task<SnapshotWaitResult> WaitOneAsync(ISnapshotsClient client, Snapshot snapshot, SnapshotWaitOptions options, IProgress<Snapshot>? progress, CancellationToken cancellationToken)
    {
        var last = snapshot;
        try
        {
            var done = await client.WaitForCompletionAsync(snapshot, options, new LastSeen(progress, s => last = s), cancellationToken).ConfigureAwait(false);
            return new SnapshotWaitResult { Snapshot = done, Status = SnapshotWaitStatus.Completed };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var status = ex switch
            {
                SnapshotFailedException => SnapshotWaitStatus.Failed,
                VpsNotFoundException => SnapshotWaitStatus.Gone,
                TimeoutException => SnapshotWaitStatus.TimedOut,
                _ => SnapshotWaitStatus.Error,
            };
            return new SnapshotWaitResult { Snapshot = (ex as SnapshotFailedException)?.Snapshot ?? last, Status = status, Error = ex };
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

    /// <summary>Keeps the last snapshot seen, and passes it on.</summary>
    private sealed class LastSeen(IProgress<Snapshot>? inner, Action<Snapshot> keep) : IProgress<Snapshot>
    {
        public void Report(Snapshot value)
        {
            keep(value);
            inner?.Report(value);
        }
    }

    /// <summary>Half-way through a sleep that began at <paramref name="before"/>, as a timestamp of the client's own clock (its shared views are stamped on it).</summary>
    private static long? PollFreshSince(ISnapshotsClient client, long before, TimeSpan waited) =>
        client is ISdkClient sdk ? before + (long)(waited.TotalSeconds / 2 * sdk.Core.Time.TimestampFrequency) : null;
}
