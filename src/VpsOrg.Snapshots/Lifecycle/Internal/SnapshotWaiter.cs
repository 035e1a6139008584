using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>
/// One wait's poll loop: poll the snapshot's server at intervals doubling from <see cref="SnapshotWaitOptions.PollInterval"/>
/// to <see cref="SnapshotWaitOptions.MaxPollInterval"/>. With the SDK's clients the polls are shared: a poll takes a view
/// another wait's round took in the second half of its sleep, and a sleeping wait looks at every view another round
/// takes of its server meanwhile (so it learns its snapshot is done as soon as anyone sees it, at no request of its own).
/// </summary>
internal static class SnapshotWaiter
{
    public static async Task<Snapshot> PollUntilCompletedAsync(
        ISnapshotsClient client,
        Snapshot snapshot,
        SnapshotWaitOptions options,
        TimeProvider time,
        long started,
        IProgress<Snapshot>? progress,
        CancellationToken cancellationToken)
    {
        var sdk = client as ISdkClient;
        var current = snapshot;
        var interval = options.PollInterval;
        var sleptSince = time.GetTimestamp();
        var pollAt = Later(time, sleptSince, interval);
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

            var now = time.GetTimestamp();
            var untilPoll = pollAt > now ? time.GetElapsedTime(now, pollAt) : TimeSpan.Zero;
            var sleep = untilPoll < remaining ? untilPoll : remaining;
            var seen = sleep > TimeSpan.Zero ? await SleepAsync(sdk, snapshot.Server.Id, time, sleep, sleptSince, cancellationToken).ConfigureAwait(false) : null;
            if (seen is null)
            {
                // The poll is due: a view taken in the second half of this sleep is fresh enough.
                var freshSince = sleptSince + ((pollAt - sleptSince) / 2);
                seen = await SharedLists.ViewAsync(client, snapshot.Server.Id, sdk is null ? null : freshSince, complete: false, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, options.MaxPollInterval.Ticks));
                sleptSince = time.GetTimestamp();
                pollAt = Later(time, sleptSince, interval);
            }

            if (!seen.Complete && !seen.Snapshots.Any(s => s.Id == snapshot.Id))
            {
                // Missing from a view that may lack snapshots proves nothing: the server's own listing says.
                seen = await SharedLists.ViewAsync(client, snapshot.Server.Id, null, complete: true, cancellationToken).ConfigureAwait(false);
            }

            current = seen.Snapshots.FirstOrDefault(s => s.Id == snapshot.Id)
                ?? throw SnapshotSelection.NotFound($"Snapshot {snapshot.Id} '{snapshot.Name}' no longer exists on server {snapshot.Server.Id}: it was deleted while being waited on.");
            progress?.Report(current);
        }
    }

    /// <summary>Sleeps <paramref name="sleep"/>, or less when another round views the server (taken since <paramref name="since"/>): that view, or <see langword="null"/> when the sleep ran out.</summary>
    private static async Task<ServerView?> SleepAsync(ISdkClient? sdk, long serverId, TimeProvider time, TimeSpan sleep, long since, CancellationToken cancellationToken)
    {
        if (sdk is null)
        {
            await time.DelayAsync(sleep, cancellationToken).ConfigureAwait(false);
            return null;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = time.DelayAsync(sleep, either.Token);
        var view = sdk.Core.Observer.NextViewAsync(serverId, since, either.Token);
        var first = await Task.WhenAny(delay, view).ConfigureAwait(false);
        // Synchronously: the callbacks only drop a timer and a listener, and this wait goes on on this thread.
#pragma warning disable CA1849
        either.Cancel();
#pragma warning restore CA1849
        cancellationToken.ThrowIfCancellationRequested();
        if (first == view && view.Status == TaskStatus.RanToCompletion)
        {
            return view.Result;
        }

        return null;
    }

    private static long Later(TimeProvider time, long timestamp, TimeSpan after) =>
        timestamp + (long)(after.TotalSeconds * time.TimestampFrequency);
}
