using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Internal;

/// <summary>
/// The lists one client's lifecycle helpers look at, shared: the API has no get-by-id, so waits and rotations look at
/// a server's list, and many of them at once (a fleet) would each send their own. Here they share rounds, one at a
/// time per client: a round serves everyone who asked before it started, with one listing per server when few servers
/// are asked about, or one unfiltered listing (all its pages) when that costs fewer requests (as hcloud-go's action
/// waiter polls many actions in one request). A waiter may also take a recent round's view (within its own tolerance).
/// </summary>
internal sealed class SnapshotObserver
{
    private readonly SnapshotsClientCore _core;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<long, (long At, ServerView View)> _seen = [];
    private List<Asker> _asking = [];
    private readonly List<Listener> _listening = [];
    private bool _running;
    private int _unfilteredPages;

    public SnapshotObserver(SnapshotsClientCore core)
    {
        _core = core;
        _time = core.Time;
    }

    /// <summary>
    /// The snapshots of <paramref name="serverId"/>, as a round that started no earlier than
    /// <paramref name="notBefore"/> (a timestamp of the client's clock) saw them; a round that starts after this call
    /// when there is none. With <paramref name="complete"/>, never a view that may lack a snapshot (a prune needs them all).
    /// </summary>
    public Task<ServerView> SnapshotsOfAsync(HttpClient http, long serverId, long notBefore, bool complete, CancellationToken cancellationToken)
    {
        Asker asker;
        var start = false;
        lock (_gate)
        {
            if (_seen.TryGetValue(serverId, out var seen) && seen.At >= notBefore && (seen.View.Complete || !complete))
            {
                return Task.FromResult(seen.View);
            }

            asker = new Asker(serverId, complete);
            _asking.Add(asker);
            if (!_running)
            {
                _running = true;
                start = true;
            }
        }

        if (start)
        {
            // The caller that found no round running starts one (and the rounds that follow while others ask).
            _ = RunRoundsAsync(http);
        }

        return asker.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The next view of <paramref name="serverId"/> that a round started at or after <paramref name="notBefore"/> takes,
    /// whoever asked for it: a wait sleeping until its own poll learns the moment another wait's round sees its
    /// snapshot done. Never sends anything itself.
    /// </summary>
    public Task<ServerView> NextViewAsync(long serverId, long notBefore, CancellationToken cancellationToken)
    {
        var listener = new Listener(serverId, notBefore);
        lock (_gate)
        {
            _listening.Add(listener);
        }

        var registration = cancellationToken.Register(static state =>
        {
            var (observer, l) = ((SnapshotObserver, Listener))state!;
            lock (observer._gate)
            {
                observer._listening.Remove(l);
            }

            l.Answer.TrySetCanceled();
        }, (this, listener));
        _ = listener.Answer.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return listener.Answer.Task;
    }

    /// <summary>Records a round's view of servers and hands it to the listeners waiting for it.</summary>
    private void Publish(long started, Dictionary<long, ServerView> views)
    {
        List<Listener> answered = [];
        lock (_gate)
        {
            foreach (var view in views)
            {
                _seen[view.Key] = (started, view.Value);
            }

            _listening.RemoveAll(l =>
            {
                var hit = l.NotBefore <= started && views.ContainsKey(l.ServerId);
                if (hit)
                {
                    answered.Add(l);
                }

                return hit;
            });
        }

        foreach (var listener in answered)
        {
            listener.Answer.TrySetResult(views[listener.ServerId]);
        }
    }

    private async Task RunRoundsAsync(HttpClient http)
    {
        while (true)
        {
            List<Asker> round;
            lock (_gate)
            {
                if (_asking.Count == 0)
                {
                    _running = false;
                    return;
                }

                round = _asking;
                _asking = [];
            }

            // The round looks at the servers asked about, and at those of the waits asleep meanwhile (they will want
            // to know soon): a listing per server, or one listing of everything when that costs fewer requests.
            var started = _time.GetTimestamp();
            List<long> servers;
            lock (_gate)
            {
                servers = round.Select(a => a.ServerId).Concat(_listening.Select(l => l.ServerId)).Distinct().ToList();
            }

            if (UseUnfilteredListing(servers.Count))
            {
                await UnfilteredRoundAsync(http, round, servers, started).ConfigureAwait(false);
            }
            else
            {
                var asked = new HashSet<long>(round.Select(a => a.ServerId));
                await Task.WhenAll(servers.Where(asked.Contains).Select(server => ServerRoundAsync(http, round, server, started))).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One listing of everything when it costs fewer requests than a listing per server (learned from the last one; tried from three servers on).</summary>
    private bool UseUnfilteredListing(int servers)
    {
        var pages = Volatile.Read(ref _unfilteredPages);
        return servers > 1 && (pages == 0 ? servers >= 3 : pages < servers);
    }

    private async Task UnfilteredRoundAsync(HttpClient http, List<Asker> round, List<long> servers, long started)
    {
        try
        {
            var (list, pages, mayHaveMissed) = await _core.ListCountingPagesAsync(http, null, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _unfilteredPages, Math.Max(pages, 1));

            // A list that shrank between its pages may lack a snapshot of any server (a delete shifted it onto a page
            // already read): its views say so, and an asker that needs every snapshot lists its own server (one page).
            var complete = !mayHaveMissed;
            var byServer = list.Results.GroupBy(s => s.Server.Id).ToDictionary(g => g.Key, g => new ServerView(g.ToList(), complete));
            foreach (var server in servers)
            {
                if (!byServer.ContainsKey(server))
                {
                    byServer[server] = complete ? ServerView.Empty : new ServerView([], false);
                }
            }

            Publish(started, byServer);

            // Every asker's server is among those listed above, so each has a view.
            var relisted = complete ? [] : round.Where(a => a.Complete).ToList();
            foreach (var asker in round.Except(relisted))
            {
                asker.Answer.TrySetResult(byServer[asker.ServerId]);
            }

            await Task.WhenAll(relisted.Select(a => a.ServerId).Distinct().Select(server => ServerRoundAsync(http, relisted, server, started))).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var asker in round)
            {
                asker.Answer.TrySetException(ex);
            }
        }
    }

    private async Task ServerRoundAsync(HttpClient http, List<Asker> round, long server, long started)
    {
        try
        {
            var list = await _core.ListAsync(http, server, CancellationToken.None).ConfigureAwait(false);
            var own = new ServerView(list.Results.Where(s => s.Server.Id == server).ToList(), true);
            Publish(started, new Dictionary<long, ServerView> { [server] = own });

            foreach (var asker in round.Where(a => a.ServerId == server))
            {
                asker.Answer.TrySetResult(own);
            }
        }
        catch (Exception ex)
        {
            // One server's listing failing fails only its own askers.
            foreach (var asker in round.Where(a => a.ServerId == server))
            {
                asker.Answer.TrySetException(ex);
            }
        }
    }

    private sealed class Listener(long serverId, long notBefore)
    {
        public long ServerId { get; } = serverId;

        public long NotBefore { get; } = notBefore;

        public TaskCompletionSource<ServerView> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Asker(long serverId, bool complete)
    {
        public long ServerId { get; } = serverId;

        /// <summary>Whether the asker needs every snapshot of the server (a prune), not only those a round saw.</summary>
        public bool Complete { get; } = complete;

        public TaskCompletionSource<ServerView> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
