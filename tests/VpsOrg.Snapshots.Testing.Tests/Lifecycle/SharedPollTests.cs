using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Testing.Tests.Lifecycle;

/// <summary>Waits on one client share their polls (SPEC section 7): N snapshots awaited cost about one request per round, not N.</summary>
[Collection(Throttling.TimingGroup.Name)]
public sealed class SharedPollTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WaitForAllAsync_TwentyServers_SharesEachPoll_AndGivesEachItsOwnOutcome()
    {
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, CompletionDelay = TimeSpan.FromMinutes(4), SeedWorld = false });
        using var client = emulator.CreateClient();
        var snapshots = new List<Snapshot>();
        for (var server = 1; server <= 20; server++)
        {
            emulator.AddServer(server, "app-" + server);
            snapshots.Add(await client.CreateAsync(new CreateSnapshotRequest(server, "nightly")));
        }

        emulator.SetSnapshotStatus(snapshots[3].Id, SnapshotStatus.Failed);
        emulator.RemoveSnapshot(snapshots[7].Id);
        emulator.SetSnapshotStatus(snapshots[11].Id, SnapshotStatus.InProgress);
        emulator.ClearRequests();
        var options = new SnapshotWaitOptions { Timeout = TimeSpan.FromMinutes(10) };

        await FakeTimeCrowd.RunAsync(_time, 1, async _ => Outcomes = await client.WaitForAllAsync(snapshots, options), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(15));

        Assert.Equal(snapshots.Select(s => s.Id), Outcomes!.Select(r => r.Snapshot.Id));
        Assert.Equal(SnapshotWaitStatus.Failed, Outcomes![3].Status);
        Assert.Equal(SnapshotWaitStatus.Gone, Outcomes[7].Status);
        Assert.Equal(SnapshotWaitStatus.TimedOut, Outcomes[11].Status);
        Assert.All(Outcomes.Where((_, i) => i is not (3 or 7 or 11)), r => Assert.Equal(SnapshotWaitStatus.Completed, r.Status));
        Assert.All(Outcomes.Where(r => r.Status == SnapshotWaitStatus.Completed), r => Assert.NotNull(r.Snapshot.SizeMb));

        // Polls at 5, 10, 20, 30, 30, ... s for each of 20 waits would be 20 requests a round; shared, one listing serves all.
        var polls = emulator.Requests.Count(r => r.Method == "GET");
        Assert.InRange(polls, 1, 25);
    }

    private IReadOnlyList<SnapshotWaitResult>? Outcomes { get; set; }
}
