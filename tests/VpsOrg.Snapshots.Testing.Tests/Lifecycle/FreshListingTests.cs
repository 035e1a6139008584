using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Testing.Tests.Lifecycle;

/// <summary>
/// SPEC section 7, "deletions decide on a fresh, whole listing": a prune, a rotation's prune and making room decide on a
/// listing of the server requested after the moment that matters, read again when it changed between its pages. The
/// emulator lists two snapshots a page here, so listings span pages.
/// </summary>
public sealed class FreshListingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly SnapshotsEmulator _emulator;

    public FreshListingTests()
    {
        _emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, SeedWorld = false, PageSize = 2, CompletionDelay = TimeSpan.FromMinutes(1) });
        _emulator.AddServer(7, "app-07");
    }

    [Fact]
    public async Task PlanPrune_ListingThatChangedBetweenItsPages_IsReadAgain_AndTheNewestIsKept()
    {
        var s = Enumerable.Range(1, 5).Select(i => _emulator.AddSnapshot(7, "auto-" + i, _time.GetUtcNow().AddHours(i - 10), sizeMb: 100)).ToList();
        // Another client deletes the newest (on the page already read) before page 2 is read: 3 shifts onto page 1.
        var removed = 0;
        using var client = ClientOver(request =>
        {
            if (request.RequestUri!.Query.Contains("page=2", StringComparison.Ordinal) && Interlocked.Exchange(ref removed, 1) == 0)
            {
                _emulator.RemoveSnapshot(s[4].Id);
            }
        });

        var plan = await client.PlanPruneAsync(7, new PruneOptions { KeepLast = 1 });

        // Decided on the first read ([5, 4 | 2, 1]: 5 gone, 3 missed), 4 would go and 3 stay.
        Assert.Equal([s[3].Id], plan.Kept.Select(k => k.Id));
        Assert.Equal([s[0].Id, s[1].Id, s[2].Id], plan.Deleted.Select(d => d.Id));
        Assert.Equal(["?server_id=7", "?page=2&server_id=7", "?server_id=7", "?page=2&server_id=7"], _emulator.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Prune_ListingThatChangesOnEveryRead_DeletesNothing()
    {
        for (var i = 1; i <= 5; i++)
        {
            _emulator.AddSnapshot(7, "auto-" + i, _time.GetUtcNow().AddHours(i - 10), sizeMb: 100);
        }

        using var client = ClientOver(request =>
        {
            if (request.RequestUri!.Query.Contains("page=2", StringComparison.Ordinal))
            {
                // Someone keeps creating: the list grows between the pages of every read.
                _emulator.AddSnapshot(7, "other-" + Guid.NewGuid().ToString("N")[..8], _time.GetUtcNow(), sizeMb: 1);
            }
        });

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.PruneAsync(7, new PruneOptions { KeepLast = 1 }));

        Assert.Contains("changed between the pages of its listing 3 times", ex.Message);
        Assert.DoesNotContain(_emulator.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Rotations_SharingUnfilteredPolls_PruneOnAListingOfTheirServerRequestedAfterTheirSnapshotCompleted()
    {
        _emulator.AddServer(8, "app-08");
        _emulator.AddServer(9, "app-09");
        foreach (var server in new[] { 7L, 8, 9 })
        {
            for (var i = 1; i <= 3; i++)
            {
                _emulator.AddSnapshot(server, "auto-old" + i, _time.GetUtcNow().AddHours(i - 10), sizeMb: 100);
            }
        }

        using var client = _emulator.CreateClient();
        var options = new RotationOptions { KeepLast = 2, Wait = new SnapshotWaitOptions { PollInterval = TimeSpan.FromSeconds(5) } };

        var results = await _time.DriveAsync(Task.WhenAll(new[] { 7L, 8, 9 }.Select(server => client.RotateAsync(server, options))), TimeSpan.FromSeconds(1));

        var requests = _emulator.Requests.ToList();
        Assert.Contains(requests, r => r.Method == "GET" && r.Query == string.Empty); // the waits shared unfiltered rounds
        Assert.DoesNotContain(requests, r => r.Method == "GET" && r.Query == "?page=6"); // and stopped once they had seen their snapshots
        foreach (var result in results)
        {
            var server = result.Created.Server.Id;
            var completedAt = result.Created.CreatedAt + TimeSpan.FromMinutes(1);
            var firstDelete = requests.FindIndex(r => r.Method == "DELETE" && result.Deleted.Any(d => r.Path.EndsWith($"/{d.Id}/", StringComparison.Ordinal)));
            var decidedOn = requests.Take(firstDelete).LastOrDefault(r => r.Method == "GET" && r.Query.Contains($"server_id={server}", StringComparison.Ordinal));

            Assert.Equal(2, result.Deleted.Count);
            Assert.NotNull(decidedOn);
            Assert.True(decidedOn.At >= completedAt, $"server {server}: its prune decided on a listing from {decidedOn.At:T}, before its snapshot completed at {completedAt:T}");
            Assert.Equal(2, _emulator.Snapshots.Count(x => x.Server.Id == server));
        }
    }

    private SnapshotsClient ClientOver(Action<HttpRequestMessage> beforeEach) =>
        new(new VpsSnapshotsOptions { BaseAddress = SnapshotsEmulator.InMemoryBaseAddress, ApiToken = _emulator.Token }, new Interceptor(_emulator.CreateHandler(), beforeEach), null, _time);

    private sealed class Interceptor(HttpMessageHandler inner, Action<HttpRequestMessage> beforeEach) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            beforeEach(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
