using System.Collections.Concurrent;
using System.Net;
using System.Text;
using VpsOrg.Snapshots.Tests.TestSupport;
using Xunit;
using static VpsOrg.Snapshots.Tests.Lifecycle.LifecycleJson;

namespace VpsOrg.Snapshots.Tests.Lifecycle;

/// <summary>
/// The shared rounds of one client's lifecycle helpers over a list read in several pages: a list that shrank between
/// its pages (a delete shifted a snapshot onto a page already read) is not taken as every server's view; the askers
/// get a listing of their own server instead, so a prune never keeps one too many and a wait never calls a snapshot
/// gone that is there.
/// </summary>
public class SharedRoundTests
{
    private const string Collection = "https://admin.vps.org/api/v1/snapshots/";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PlanPrune_ListShrankBetweenPages_ListsTheServerItself_ElseTakesTheSharedListing(bool shrank)
    {
        // Server 2 holds 21 (new) and 22 (old). The unfiltered listing's first page ends before 22; when the list
        // shrank, 22 moved onto the first page before the second was read, and neither page shows it.
        var handler = new RoutingHandler(shrank);
        using var client = TestClients.Create(handler);
        var options = new PruneOptions { KeepLast = 1, NamePrefix = "auto-" };

        // The first asker's round (server 1) is held, so the next three ask together: one unfiltered round.
        var first = client.PlanPruneAsync(1, options);
        await handler.FirstRoundStarted.Task;
        // Each call has asked by the time it returns its task (the asking is synchronous), so all three queue.
        var plans = new[] { 2L, 3L, 4L }.Select(server => client.PlanPruneAsync(server, options)).ToList();
        handler.ReleaseFirstRound.SetResult();
        await first;
        var server2 = (await Task.WhenAll(plans))[0]; // all three: each one's request is recorded before it is answered

        Assert.Equal([22L], server2.Deleted.Select(s => s.Id));
        Assert.Equal(["?server_id=1", "", "?page=2"], handler.Requests.Take(3));
        if (shrank)
        {
            Assert.Equal(["?server_id=2", "?server_id=3", "?server_id=4"], handler.Requests.Skip(3).Order());
        }
        else
        {
            Assert.Equal(3, handler.Requests.Count);
        }
    }

    [Fact]
    public async Task ShrunkRound_WaitsTakeTheirPartialView_OnlyAnAskerForEverySnapshotListsItsServer()
    {
        var handler = new RoutingHandler(shrank: true);
        using var client = TestClients.Create(handler);
        var sdk = (VpsOrg.Snapshots.Internal.ISdkClient)client;
        var observer = sdk.Core.Observer;

        var first = observer.SnapshotsOfAsync(sdk.Http, 1, long.MaxValue, complete: true, CancellationToken.None);
        await handler.FirstRoundStarted.Task;
        var wait2 = observer.SnapshotsOfAsync(sdk.Http, 2, 0, complete: false, CancellationToken.None);
        var wait3 = observer.SnapshotsOfAsync(sdk.Http, 3, 0, complete: false, CancellationToken.None);
        var prune4 = observer.SnapshotsOfAsync(sdk.Http, 4, long.MaxValue, complete: true, CancellationToken.None);
        handler.ReleaseFirstRound.SetResult();
        await first;

        var view2 = await wait2;
        var view4 = await prune4;

        Assert.False(view2.Complete); // 22 is missing from it, and it says it may be
        Assert.Equal([21L], view2.Snapshots.Select(s => s.Id));
        Assert.True(view4.Complete);
        Assert.False((await wait3).Complete);
        Assert.Equal(["?server_id=1", "", "?page=2", "?server_id=4"], handler.Requests);
    }

    [Fact]
    public async Task Wait_SnapshotMissingFromAShrunkRound_ListsItsServerInsteadOfCallingItGone()
    {
        var handler = new RoutingHandler(shrank: true);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        using var client = TestClients.Create(handler, time: time);
        var sdk = (VpsOrg.Snapshots.Internal.ISdkClient)client;
        var observer = sdk.Core.Observer;
        var waited = System.Text.Json.JsonSerializer.Deserialize(
            Snapshot(22, "auto-old", "in_progress", 2, serverId: 2), VpsOrg.Snapshots.Serialization.SnapshotsJsonContext.Default.Snapshot)!;

        var first = observer.SnapshotsOfAsync(sdk.Http, 1, long.MaxValue, complete: true, CancellationToken.None);
        await handler.FirstRoundStarted.Task;

        // The wait sleeps, listening for any round's view of server 2; the next round (servers 3 and 4 asked, server 2
        // listened for) reads the unfiltered list, which shrinks and lacks 22.
        var wait = Snapshots.Lifecycle.Internal.SnapshotWaiter.PollUntilCompletedAsync(
            client, waited, new SnapshotWaitOptions { TimeProvider = time, Timeout = TimeSpan.FromMinutes(10) }, time, time.GetTimestamp(), null, CancellationToken.None);
        var ask3 = observer.SnapshotsOfAsync(sdk.Http, 3, 0, complete: false, CancellationToken.None);
        var ask4 = observer.SnapshotsOfAsync(sdk.Http, 4, 0, complete: false, CancellationToken.None);
        handler.ReleaseFirstRound.SetResult();
        await Task.WhenAll(first, ask3, ask4);

        var done = await wait;

        Assert.Equal(22, done.Id);
        Assert.Equal(SnapshotStatus.Completed, done.Status);
        Assert.Equal(["?server_id=1", "", "?page=2", "?server_id=2"], handler.Requests);
    }

    [Fact]
    public async Task RotationsPrune_TakesAShrunkRoundsView_WhenItShowsEverySnapshotKnown_ElseListsItsServer()
    {
        // Server 3's rotation knows 31 (listed complete before its create): the shrunk round shows it, so its prune
        // plans on that view. Server 2's knows 21 and 22: the round lacks 22 (shifted onto a page already read, or
        // deleted: it cannot tell), so its prune lists server 2 and sees 22 there.
        var handler = new RoutingHandler(shrank: true);
        using var client = TestClients.Create(handler);
        var sdk = (VpsOrg.Snapshots.Internal.ISdkClient)client;
        var known = System.Text.Json.JsonSerializer.Deserialize(List(S(21, 2), S(22, 2), S(31, 3)), VpsOrg.Snapshots.Serialization.SnapshotsJsonContext.Default.SnapshotPage)!.Results!;
        var since = Snapshots.Lifecycle.Internal.SharedLists.Timestamp(client);

        var first = sdk.Core.Observer.SnapshotsOfAsync(sdk.Http, 1, long.MaxValue, complete: true, CancellationToken.None);
        await handler.FirstRoundStarted.Task;
        var prune2 = Snapshots.Lifecycle.Internal.SharedLists.ForPruneAsync(client, 2, known.Where(k => k.Server.Id == 2), since, CancellationToken.None);
        var prune3 = Snapshots.Lifecycle.Internal.SharedLists.ForPruneAsync(client, 3, known.Where(k => k.Server.Id == 3), since, CancellationToken.None);
        var ask4 = sdk.Core.Observer.SnapshotsOfAsync(sdk.Http, 4, 0, complete: false, CancellationToken.None);
        handler.ReleaseFirstRound.SetResult();
        await Task.WhenAll(first, ask4);

        Assert.Equal([31L], (await prune3).Select(s => s.Id));
        Assert.Equal([21L, 22], (await prune2).Select(s => s.Id));
        Assert.Equal(["?server_id=1", "", "?page=2", "?server_id=2"], handler.Requests);

        static string S(long id, long server) => Snapshot(id, "auto-a", "completed", 1, serverId: server);
    }

    private sealed class RoutingHandler(bool shrank) : HttpMessageHandler
    {
        private static readonly string S1 = Snapshot(11, "auto-a", "completed", 1, serverId: 1);
        private static readonly string S21 = Snapshot(21, "auto-new", "completed", 1, serverId: 2);
        private static readonly string S22 = Snapshot(22, "auto-old", "completed", 2, serverId: 2);
        private static readonly string S3 = Snapshot(31, "auto-a", "completed", 1, serverId: 3);
        private static readonly string S4 = Snapshot(41, "auto-a", "completed", 3, serverId: 4);
        private readonly ConcurrentQueue<string> _requests = new();

        public TaskCompletionSource FirstRoundStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseFirstRound { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Requests => [.. _requests];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = request.RequestUri!.Query;
            _requests.Enqueue(query);
            var body = query switch
            {
                "?server_id=1" => await FirstAsync(),
                "?server_id=2" => List(S21, S22),
                "?server_id=3" => List(S3),
                "?server_id=4" => List(S4),
                "" => Page(4, Collection + "?page=2", S21, S3),
                _ => shrank ? Page(3, null, S4) : Page(4, null, S22, S4),
            };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }

        private async Task<string> FirstAsync()
        {
            FirstRoundStarted.TrySetResult();
            await ReleaseFirstRound.Task;
            return List(S1);
        }

        private static string Page(int count, string? next, params string[] snapshots) =>
            $$"""{"count": {{count}}, "next": {{(next is null ? "null" : "\"" + next + "\"")}}, "previous": null, "results": [{{string.Join(", ", snapshots)}}]}""";
    }
}
