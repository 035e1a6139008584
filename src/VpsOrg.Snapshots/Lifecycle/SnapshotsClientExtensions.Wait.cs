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
    /// Polls until <paramref name="snapshot"/> is <c>completed</c> (through a list of its server: the API has no
    /// get-by-id), on the client's clock, backing off from <see cref="SnapshotWaitOptions.PollInterval"/> to
    /// <see cref="SnapshotWaitOptions.MaxPollInterval"/>. With the SDK's clients, concurrent waits share each poll.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshot">The snapshot to wait for, as returned by create or list.</param>
    /// <param name="options">Poll intervals and overall timeout (20 minutes); defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives the snapshot as seen at each poll.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The completed snapshot, with its size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="snapshot"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
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
        return (await ClientLifecycle.WaitAsync(client, snapshot, options, progress, null, cancellationToken).ConfigureAwait(false)).Snapshot;
    }

    /// <summary>
    /// Waits for many snapshots at once (a fleet's), each with its own timeout and outcome; their polls are shared
    /// (one listing serves them all, per server or unfiltered, whichever costs fewer requests). One snapshot failing,
    /// vanishing or timing out ends only its own wait.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="snapshots">The snapshots to wait for, as returned by create or list.</param>
    /// <param name="options">Poll intervals and each wait's timeout; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives each snapshot as seen at each poll.</param>
    /// <param name="cancellationToken">Cancels every wait.</param>
    /// <returns>One result per snapshot, in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="snapshots"/> is <see langword="null"/>, or holds a <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
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

        // A client that is not the SDK's has no poller of its own: the batch shares one.
        var poller = new SnapshotPoller(ClientLifecycle.Clock(client));
        var waits = all.Select(snapshot => WaitOneAsync(client, snapshot, options, progress, poller, cancellationToken)).ToList();
        return await Task.WhenAll(waits).ConfigureAwait(false);
    }

    /// <summary>Creates a snapshot and waits until it is <c>completed</c>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The server and the snapshot's name.</param>
    /// <param name="options">How to wait; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives the snapshot as seen at each poll.</param>
    /// <param name="cancellationToken">Cancels the call and the wait.</param>
    /// <returns>The completed snapshot.</returns>
    /// <exception cref="ArgumentException">The request or the options are invalid (see <see cref="ISnapshotsClient.CreateAsync"/>).</exception>
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
        options ??= new SnapshotWaitOptions();
        options.Validate();
        var created = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        progress?.Report(created);
        return await client.WaitForCompletionAsync(created, options, progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SnapshotWaitResult> WaitOneAsync(ISnapshotsClient client, Snapshot snapshot, SnapshotWaitOptions options, IProgress<Snapshot>? progress, SnapshotPoller poller, CancellationToken cancellationToken)
    {
        var last = snapshot;
        try
        {
            var done = await ClientLifecycle.WaitAsync(client, snapshot, options, new LastSeen(progress, s => last = s), poller, cancellationToken).ConfigureAwait(false);
            return new SnapshotWaitResult { Snapshot = done.Snapshot, Status = SnapshotWaitStatus.Completed };
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

    /// <summary>Keeps the last snapshot seen, and passes it on.</summary>
    private sealed class LastSeen(IProgress<Snapshot>? inner, Action<Snapshot> keep) : IProgress<Snapshot>
    {
        public void Report(Snapshot value)
        {
            keep(value);
            inner?.Report(value);
        }
    }
}
