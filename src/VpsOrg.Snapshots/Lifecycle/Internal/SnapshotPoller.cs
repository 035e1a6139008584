using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.Lifecycle.Internal;

/// <summary>
/// The waits of one client, polled together, as hcloud-go's action waiter polls the actions it waits for: the poller
/// knows exactly which snapshots are awaited, and each round reads, for all of them, a list per server or the
/// unfiltered list, whichever costs fewer requests (an unfiltered read stops once it has seen every awaited snapshot:
/// the API lists newest first). A round comes when the first wait is due; each wait then gets its own outcome
/// (completed, failed, gone), progress and next poll, and times out on its own. A round's result serves the waits it
/// was read for; nothing keeps it. Everything runs on the client's one clock.
/// </summary>
internal sealed class SnapshotPoller
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SnapshotsClientCore, SnapshotPoller> Pollers = new();
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly List<Waiter> _waiters = [];
    private CancellationTokenSource? _wake;
    private bool _running;
    private int _unfilteredPages;

    public SnapshotPoller(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Lists a server's snapshots (or all, for <see langword="null"/>), stopping early when the predicate says the snapshots so far are enough.</summary>
    public delegate Task<Listing> Lister(long? serverId, Func<List<Snapshot>, bool>? enough);

    /// <summary>The poller of the SDK client whose core this is (one per client or <c>AddVpsSnapshots</c> registration).</summary>
    public static SnapshotPoller Of(SnapshotsClientCore core) => Pollers.GetValue(core, static c => new SnapshotPoller(c.Time));

    /// <summary>Waits until <paramref name="snapshot"/> settles (completed, or failed), is gone, or its wait times out.</summary>
    /// <returns>The snapshot as last seen, and the listing of its server from the round that saw it settle, when that was whole.</returns>
    public async Task<WaitOutcome> WaitAsync(Snapshot snapshot, SnapshotWaitOptions options, Lister list, IProgress<Snapshot>? progress, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(snapshot, options, list, progress, _time.GetTimestamp(), _time.TimestampFrequency);
        using var registration = cancellationToken.Register(() => waiter.Outcome.TrySetCanceled(cancellationToken));
        bool start;
        lock (_gate)
        {
            _waiters.Add(waiter);
            start = !_running;
            _running = true;

            // It may be due before the round the poller sleeps until.
            _wake?.Cancel();
        }

        if (start)
        {
            _ = RunAsync();
        }

        try
        {
            return await waiter.Outcome.Task.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            List<Waiter> round;
            TimeSpan sleep;
            using (var wake = new CancellationTokenSource())
            {
                lock (_gate)
                {
                    _waiters.RemoveAll(w => w.Outcome.Task.IsCompleted);
                    if (_waiters.Count == 0)
                    {
                        _running = false;
                        _wake = null;
                        return;
                    }

                    var now = _time.GetTimestamp();
                    var due = _waiters.Min(w => w.DueAt);
                    sleep = due > now ? _time.GetElapsedTime(now, due) : TimeSpan.Zero;
                    _wake = wake;
                }

                if (sleep > TimeSpan.Zero)
                {
                    try
                    {
                        await _time.DelayAsync(sleep, wake.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // A new wait came: look again at who is due when.
                        continue;
                    }
                }

                lock (_gate)
                {
                    _wake = null;
                    round = _waiters.Where(w => !w.Outcome.Task.IsCompleted).ToList();
                }
            }

            await PollAsync(round).ConfigureAwait(false);
        }
    }

    /// <summary>One round for every awaited snapshot.</summary>
    private async Task PollAsync(List<Waiter> round)
    {
        var servers = round.Select(w => w.ServerId).Distinct().ToList();
        var list = round[0].List;
        var learned = Volatile.Read(ref _unfilteredPages);
        if (servers.Count > (learned == 0 ? 2 : learned))
        {
            var awaited = new HashSet<long>(round.Select(w => w.SnapshotId));
            var pages = 1;
            var found = 0;
            var looked = 0;
            try
            {
                var listing = await list(null, seen =>
                {
                    // Ids come once per listing, so counting the awaited ones among the new snapshots is enough.
                    for (; looked < seen.Count; looked++)
                    {
                        found += awaited.Contains(seen[looked].Id) ? 1 : 0;
                    }

                    var enough = found == awaited.Count;
                    pages += enough ? 0 : 1;
                    return enough;
                }).ConfigureAwait(false);
                Volatile.Write(ref _unfilteredPages, pages);
                foreach (var waiter in round)
                {
                    Answer(waiter, listing.List.Results, listing.Whole);
                }
            }
            catch (Exception ex)
            {
                round.ForEach(w => w.Outcome.TrySetException(ex));
            }

            return;
        }

        await Task.WhenAll(servers.Select(async server =>
        {
            var waiters = round.Where(w => w.ServerId == server).ToList();
            try
            {
                var listing = await list(server, null).ConfigureAwait(false);
                waiters.ForEach(w => Answer(w, listing.List.Results, listing.Whole));
            }
            catch (Exception ex)
            {
                // One server's listing failing fails only its own waits.
                waiters.ForEach(w => w.Outcome.TrySetException(ex));
            }
        })).ConfigureAwait(false);
    }

    /// <summary>What one round says to one wait: its snapshot as seen (settled, or a next poll), gone, or timed out.</summary>
    private void Answer(Waiter waiter, IReadOnlyList<Snapshot> seen, bool whole)
    {
        var current = seen.FirstOrDefault(s => s.Id == waiter.SnapshotId);
        if (current is null && whole)
        {
            waiter.Outcome.TrySetException(SnapshotSelection.NotFound(
                $"Snapshot {waiter.SnapshotId} '{waiter.Snapshot.Name}' no longer exists on server {waiter.ServerId}: it was deleted while being waited on."));
            return;
        }

        // The next poll is set before the snapshot is reported, so whoever watches the progress sees the schedule made.
        var now = _time.GetTimestamp();
        var settled = current is not null && SnapshotSelection.IsSettled(current);
        var timedOut = !settled && now >= waiter.Deadline;
        waiter.Polled(now);
        if (current is not null)
        {
            waiter.Last = current;
            try
            {
                waiter.Progress?.Report(current);
            }
            catch (Exception ex)
            {
                waiter.Outcome.TrySetException(ex);
                return;
            }
        }

        if (settled)
        {
            var server = whole ? seen.Where(s => s.Server.Id == waiter.ServerId).ToList() : null;
            waiter.Outcome.TrySetResult(new WaitOutcome(current!, server));
        }
        else if (timedOut)
        {
            waiter.Outcome.TrySetException(new TimeoutException(
                $"Snapshot {waiter.SnapshotId} '{waiter.Snapshot.Name}' on server {waiter.ServerId} did not complete within {waiter.Timeout}; its last status was '{waiter.Last.Status}'."));
        }
    }

    /// <summary>One wait: its snapshot, its schedule (intervals doubling to the maximum, and its deadline) and its outcome.</summary>
    private sealed class Waiter
    {
        private readonly double _frequency;
        private readonly TimeSpan _maxInterval;
        private TimeSpan _interval;

        public Waiter(Snapshot snapshot, SnapshotWaitOptions options, Lister list, IProgress<Snapshot>? progress, long now, double frequency)
        {
            Snapshot = snapshot;
            Last = snapshot;
            List = list;
            Progress = progress;
            Timeout = options.Timeout;
            _frequency = frequency;
            _interval = options.PollInterval;
            _maxInterval = options.MaxPollInterval;
            Deadline = now + Ticks(options.Timeout);
            NextPoll = now + Ticks(_interval);
        }

        public Snapshot Snapshot { get; }

        public long SnapshotId => Snapshot.Id;

        public long ServerId => Snapshot.Server.Id;

        public Snapshot Last { get; set; }

        public Lister List { get; }

        public IProgress<Snapshot>? Progress { get; }

        public TimeSpan Timeout { get; }

        public long Deadline { get; }

        public long NextPoll { get; private set; }

        /// <summary>When this wait wants a round: its next poll, or its deadline (a last look before it times out).</summary>
        public long DueAt => Math.Min(NextPoll, Deadline);

        public TaskCompletionSource<WaitOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Polled(long now)
        {
            _interval = TimeSpan.FromTicks(Math.Min(_interval.Ticks * 2, _maxInterval.Ticks));
            NextPoll = now + Ticks(_interval);
        }

        private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _frequency);
    }
}

/// <summary>How a wait ended: the snapshot settled (completed, or failed), and its server's snapshots from the same listing when that was whole.</summary>
internal sealed record WaitOutcome(Snapshot Snapshot, IReadOnlyList<Snapshot>? Server);
