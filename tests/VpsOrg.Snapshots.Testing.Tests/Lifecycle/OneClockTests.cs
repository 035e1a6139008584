using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Testing.Tests.Lifecycle;

/// <summary>
/// SPEC section 7, "one clock": the Testing package's own pattern. An emulator on a <see cref="FakeTimeProvider"/>, a
/// client on the emulator's clock, a wait with default options (the code under test knows nothing of the test's clock):
/// once the clock passes completion, the wait's next poll sees the snapshot completed.
/// </summary>
public sealed class OneClockTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WaitWithDefaultOptions_OnEmulatorCreateClient_CompletesAtTheNextPollAfterTheClockPassesCompletion()
    {
        var emulator = Emulator();
        using var client = emulator.CreateClient();

        await AssertCompletesAtTheNextPollAsync(emulator, client);
    }

    [Fact]
    public async Task WaitWithDefaultOptions_ThroughDiWithUseSnapshotsEmulator_CompletesAtTheNextPollAfterTheClockPassesCompletion()
    {
        var emulator = Emulator();
        var services = new ServiceCollection();
        services.AddVpsSnapshots(_ => { }).UseSnapshotsEmulator(emulator);
        using var provider = services.BuildServiceProvider();

        await AssertCompletesAtTheNextPollAsync(emulator, provider.GetRequiredService<ISnapshotsClient>());
    }

    [Fact]
    public async Task CreateAndWaitWithDefaults_TheTestMovingTheClockASecondAtATime_CompletesWithinOnePollOfCompletion()
    {
        var emulator = Emulator();
        using var client = emulator.CreateClient();
        var started = _time.GetUtcNow();

        var done = await _time.DriveAsync(client.CreateAndWaitAsync(new CreateSnapshotRequest(12345, "before-deploy")), TimeSpan.FromSeconds(1), maxSteps: 2000);

        // Polls back off to every 30 s (MaxPollInterval): completion is seen at most one interval after it happens.
        Assert.Equal(SnapshotStatus.Completed, done.Status);
        Assert.InRange(_time.GetUtcNow() - started, FiveMinutes, FiveMinutes + TimeSpan.FromSeconds(31));
    }

    private SnapshotsEmulator Emulator() => new(new SnapshotsEmulatorOptions { TimeProvider = _time, CompletionDelay = FiveMinutes });

    private async Task AssertCompletesAtTheNextPollAsync(SnapshotsEmulator emulator, ISnapshotsClient client)
    {
        var created = await client.CreateAsync(new CreateSnapshotRequest(12345, "before-deploy"));
        var firstPoll = new TaskCompletionSource<Snapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = client.WaitForCompletionAsync(created, progress: new SyncProgress<Snapshot>(s => firstPoll.TrySetResult(s)));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SnapshotStatus.InProgress, (await firstPoll.Task.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        _time.Advance(FiveMinutes);
        var done = await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SnapshotStatus.Completed, done.Status);
        Assert.Equal(2, emulator.Requests.Count(r => r.Method == "GET"));
    }
}
