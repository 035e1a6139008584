using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Testing.Tests.Lifecycle;

/// <summary>The lifecycle helpers against the Testing package's emulator, on fake time.</summary>
public class SnapshotsClientExtensionsTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));
    private readonly SnapshotsEmulator _emulator;
    private readonly SnapshotsClient _client;

    public SnapshotsClientExtensionsTests()
    {
        _emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, CompletionDelay = TimeSpan.FromMinutes(4) });
        _client = _emulator.CreateClient();
    }

    private SnapshotWaitOptions Wait(TimeSpan? timeout = null) => new() { Timeout = timeout ?? TimeSpan.FromMinutes(20) };

    private Task<T> Drive<T>(Task<T> task) => _time.DriveAsync(task, Step);

    [Fact]
    public async Task WaitForCompletionAsync_PollsWithBackoffUntilCompleted()
    {
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "wait-me"));
        var seen = new List<(DateTimeOffset At, SnapshotStatus Status)>();
        var progress = new SyncProgress<Snapshot>(s => seen.Add((_time.GetUtcNow(), s.Status)));

        var done = await Drive(_client.WaitForCompletionAsync(created, Wait(), progress));

        Assert.Equal(SnapshotStatus.Completed, done.Status);
        Assert.NotNull(done.SizeMb);
        // Waits of 5, 10, 20, then 30 s (the cap) between polls; the snapshot completes 240 s after creation.
        var gaps = seen.Zip(seen.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.InRange((seen[0].At - created.CreatedAt).TotalSeconds, 5, 5 + 3);
        for (var i = 0; i < gaps.Count; i++)
        {
            var expected = Math.Min(5 * Math.Pow(2, i + 1), 30);
            Assert.InRange(gaps[i], expected, expected + 3);
        }

        Assert.InRange(seen.Count, 8, 10);
        Assert.True(seen[^1].At - created.CreatedAt >= TimeSpan.FromMinutes(4));
        Assert.Equal(SnapshotStatus.Completed, seen[^1].Status);
        Assert.All(seen.SkipLast(1), s => Assert.Equal(SnapshotStatus.InProgress, s.Status));
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailedStatus_ThrowsSnapshotFailed()
    {
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "doomed"));
        _emulator.SetSnapshotStatus(created.Id, SnapshotStatus.Failed);

        var ex = await Assert.ThrowsAsync<SnapshotFailedException>(() => Drive(_client.WaitForCompletionAsync(created, Wait())));

        Assert.Equal(created.Id, ex.Snapshot!.Id);
        Assert.Equal(SnapshotStatus.Failed, ex.Snapshot.Status);
    }

    [Fact]
    public async Task WaitForCompletionAsync_ErrorStatus_ThrowsSnapshotFailed()
    {
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "doomed"));
        _emulator.SetSnapshotStatus(created.Id, new SnapshotStatus("error"));

        await Assert.ThrowsAsync<SnapshotFailedException>(() => Drive(_client.WaitForCompletionAsync(created, Wait())));
    }

    [Fact]
    public async Task WaitForCompletionAsync_SnapshotDeletedWhileWaiting_ThrowsNotFound()
    {
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "vanishing"));
        var wait = _client.WaitForCompletionAsync(created, Wait());
        _emulator.RemoveSnapshot(created.Id);

        var ex = await Assert.ThrowsAsync<VpsNotFoundException>(() => Drive(wait));

        Assert.Contains("deleted while being waited on", ex.Message);
    }

    [Fact]
    public async Task WaitForCompletionAsync_Timeout_ThrowsTimeoutException()
    {
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "slow"));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => Drive(_client.WaitForCompletionAsync(created, Wait(TimeSpan.FromMinutes(2)))));

        Assert.Contains("in_progress", ex.Message);
        Assert.InRange(_time.GetUtcNow() - created.CreatedAt, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForCompletionAsync_Cancelled_ThrowsOperationCanceled()
    {
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "cancel-me"));
        using var cts = new CancellationTokenSource();
        var wait = _client.WaitForCompletionAsync(created, Wait(), cancellationToken: cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitForCompletionAsync_AlreadyCompleted_ReturnsWithoutCalls()
    {
        var completed = _emulator.Snapshots.First(s => s.Id == 801);

        var result = await _client.WaitForCompletionAsync(completed, Wait());

        Assert.Same(completed, result);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task CreateAndWaitAsync_ReturnsCompletedSnapshot()
    {
        var snapshot = await Drive(_client.CreateAndWaitAsync(new CreateSnapshotRequest(67890, "db"), Wait()));

        Assert.Equal(SnapshotStatus.Completed, snapshot.Status);
        Assert.Equal("db", snapshot.Name);
        Assert.Single(_emulator.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task ListAllAsync_FetchesPagesLazily()
    {
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, PageSize = 2, SeedWorld = false });
        emulator.AddServer(1, "s");
        for (var i = 0; i < 5; i++)
        {
            emulator.AddSnapshot(1, $"n{i}", createdAt: _time.GetUtcNow().AddMinutes(-i));
        }

        using var client = emulator.CreateClient();
        var taken = new List<string>();
        await foreach (var snapshot in client.ListAllAsync(1))
        {
            taken.Add(snapshot.Name);
            if (taken.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["n0", "n1"], taken);
        Assert.Single(emulator.Requests);

        var all = new List<string>();
        await foreach (var snapshot in client.ListAllAsync(1))
        {
            all.Add(snapshot.Name);
        }

        Assert.Equal(["n0", "n1", "n2", "n3", "n4"], all);
        Assert.Equal(4, emulator.Requests.Count);
    }

    [Fact]
    public async Task ListAllAsync_OtherImplementation_FallsBackToListAsync()
    {
        var fake = new WrappingClient(_client);

        var ids = new List<long>();
        await foreach (var snapshot in fake.ListAllAsync(12345))
        {
            ids.Add(snapshot.Id);
        }

        Assert.Equal([801L, 798], ids);
    }

    [Fact]
    public async Task CreateWithRotationAsync_RoomLeft_DeletesNothing()
    {
        var result = await _client.CreateWithRotationAsync(new CreateSnapshotRequest(12345, "third"));

        Assert.Empty(result.Deleted);
        Assert.Equal(3, _emulator.Snapshots.Count(s => s.Server.Id == 12345));
    }

    [Fact]
    public async Task CreateWithRotationAsync_AtLimit_DeletesOldestCompletedAndCreates()
    {
        AddCompleted(12345, "c1", -3);
        AddCompleted(12345, "c2", -2);
        AddCompleted(12345, "c3", -1);

        var result = await _client.CreateWithRotationAsync(new CreateSnapshotRequest(12345, "newest"));

        Assert.Equal([798L], result.Deleted.Select(s => s.Id));
        Assert.Equal("newest", result.Created.Name);
        Assert.Equal(5, _emulator.Snapshots.Count(s => s.Server.Id == 12345));
        Assert.Contains(_emulator.Snapshots, s => s.Id == result.Created.Id);
    }

    [Fact]
    public async Task CreateWithRotationAsync_KeepLastBelowCount_DeletesDownToRoom()
    {
        var result = await _client.CreateWithRotationAsync(new CreateSnapshotRequest(12345, "only"), keepLast: 1);

        Assert.Equal([798L, 801], result.Deleted.Select(s => s.Id));
        Assert.Equal([result.Created.Id], _emulator.Snapshots.Where(s => s.Server.Id == 12345).Select(s => s.Id));
    }

    [Fact]
    public async Task CreateWithRotationAsync_NeverDeletesInProgress()
    {
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, SeedWorld = false, CompletionDelay = TimeSpan.FromHours(1) });
        emulator.AddServer(7, "s");
        var inProgress = emulator.AddSnapshot(7, "oldest-but-running", createdAt: _time.GetUtcNow().AddMinutes(-50));
        for (var i = 0; i < 4; i++)
        {
            emulator.AddSnapshot(7, $"done{i}", createdAt: _time.GetUtcNow().AddMinutes(-40 + i), status: SnapshotStatus.Completed);
        }

        using var client = emulator.CreateClient();
        var result = await client.CreateWithRotationAsync(new CreateSnapshotRequest(7, "new"));

        Assert.Equal(["done0"], result.Deleted.Select(s => s.Name));
        Assert.Contains(emulator.Snapshots, s => s.Id == inProgress.Id);
    }

    [Fact]
    public async Task CreateWithRotationAsync_OnlyInProgressSnapshots_ThrowsWithoutDeleting()
    {
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, SeedWorld = false, CompletionDelay = TimeSpan.FromHours(1) });
        emulator.AddServer(7, "s");
        for (var i = 0; i < 5; i++)
        {
            emulator.AddSnapshot(7, $"running{i}");
        }

        using var client = emulator.CreateClient();

        await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => client.CreateWithRotationAsync(new CreateSnapshotRequest(7, "new")));

        Assert.Equal(5, emulator.Snapshots.Count);
        Assert.DoesNotContain(emulator.Requests, r => r.Method is "DELETE" or "POST");
    }

    [Fact]
    public async Task CreateWithRotationAsync_LimitReachedMidRotation_MakesRoomOnceMoreAndKeepsNewSnapshot()
    {
        AddCompleted(12345, "c1", -3);
        AddCompleted(12345, "c2", -2);
        AddCompleted(12345, "c3", -1);
        // Another process creates a snapshot right after our rotation deleted one.
        var racing = new WrappingClient(_client) { BeforeCreate = () => _emulator.AddSnapshot(12345, "racer", createdAt: _time.GetUtcNow(), status: SnapshotStatus.Completed) };

        var result = await racing.CreateWithRotationAsync(new CreateSnapshotRequest(12345, "mine"));

        Assert.Equal(2, result.Deleted.Count);
        Assert.Equal("mine", result.Created.Name);
        Assert.Contains(_emulator.Snapshots, s => s.Id == result.Created.Id);
        Assert.Contains(_emulator.Snapshots, s => s.Name == "racer");
        Assert.Equal(5, _emulator.Snapshots.Count(s => s.Server.Id == 12345));
    }

    [Fact]
    public async Task PlanPruneAsync_ReportsButDeletesNothing()
    {
        AddCompleted(12345, "c1", -1);

        var result = await _client.PlanPruneAsync(12345, new PruneOptions { KeepLast = 1 });

        Assert.Equal([798L, 801], result.Deleted.Select(s => s.Id));
        Assert.Equal(3, _emulator.Snapshots.Count);
        Assert.DoesNotContain(_emulator.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task PruneAsync_KeepLast_DeletesOlderOnes()
    {
        AddCompleted(12345, "c1", -1);

        var result = await _client.PruneAsync(12345, new PruneOptions { KeepLast = 2 });

        Assert.Equal([798L], result.Deleted.Select(s => s.Id));
        Assert.Equal(["c1", "pre-migration-snapshot"], _emulator.Snapshots.Where(s => s.Server.Id == 12345).Select(s => s.Name));
    }

    [Fact]
    public async Task PruneAsync_OlderThan_DeletesOnlyOldEnough()
    {
        var result = await _client.PruneAsync(12345, new PruneOptions { OlderThan = TimeSpan.FromDays(4) });

        Assert.Equal([798L], result.Deleted.Select(s => s.Id));
    }

    [Fact]
    public async Task PruneAsync_BothRules_MustAgree()
    {
        var result = await _client.PruneAsync(12345, new PruneOptions { KeepLast = 1, OlderThan = TimeSpan.FromDays(30) });

        Assert.Empty(result.Deleted);
    }

    [Fact]
    public async Task PruneAsync_NeverDeletesInProgress()
    {
        var running = await _client.CreateAsync(new CreateSnapshotRequest(12345, "running"));
        _time.Advance(TimeSpan.FromSeconds(1));

        var result = await _client.PruneAsync(12345, new PruneOptions { KeepLast = 0 });

        Assert.DoesNotContain(result.Deleted, s => s.Id == running.Id);
        Assert.Equal([running.Id], _emulator.Snapshots.Where(s => s.Server.Id == 12345).Select(s => s.Id));
    }

    [Fact]
    public async Task PruneAsync_NoRule_ThrowsBeforeAnyCall()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.PruneAsync(12345, new PruneOptions()));

        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task RestoreAsync_SafetySnapshot_IsTakenAndCompletedBeforeRestore()
    {
        var result = await Drive(_client.SafeRestoreAsync(801, new RestoreOptions { Wait = Wait() }));

        Assert.NotNull(result.SafetySnapshot);
        Assert.Equal(SnapshotStatus.Completed, result.SafetySnapshot!.Status);
        Assert.StartsWith("pre-restore-801-", result.SafetySnapshot.Name);
        Assert.Equal(12345, result.SafetySnapshot.Server.Id);
        Assert.Equal(801, result.Restore.Snapshot.Id);
        Assert.Equal("restoring", result.Restore.Server.Status);
        var posts = _emulator.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(["/api/v1/snapshots/", "/api/v1/snapshots/801/restore/"], posts.Select(r => r.Path));
        Assert.True(posts[1].At >= result.SafetySnapshot.CreatedAt + TimeSpan.FromMinutes(4));
    }

    [Fact]
    public async Task RestoreAsync_AtLimitWithoutRotation_ThrowsAndRestoresNothing()
    {
        AddCompleted(12345, "c1", -3);
        AddCompleted(12345, "c2", -2);
        AddCompleted(12345, "c3", -1);

        await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => Drive(_client.SafeRestoreAsync(801, new RestoreOptions { Wait = Wait() })));

        Assert.DoesNotContain(_emulator.Requests, r => r.Path.EndsWith("/restore/", StringComparison.Ordinal));
        Assert.DoesNotContain(_emulator.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task RestoreAsync_AtLimitWithRotation_NeverDeletesTheSnapshotBeingRestored()
    {
        AddCompleted(12345, "c1", -3);
        AddCompleted(12345, "c2", -2);
        AddCompleted(12345, "c3", -1);

        var result = await Drive(_client.SafeRestoreAsync(798, new RestoreOptions { AllowRotation = true, Wait = Wait() }));

        Assert.Equal([801L], result.Deleted.Select(s => s.Id));
        Assert.Equal(798, result.Restore.Snapshot.Id);
        Assert.Contains(_emulator.Snapshots, s => s.Id == 798);
    }

    [Fact]
    public async Task RestoreAsync_WithoutSafetySnapshot_RestoresDirectly()
    {
        var result = await _client.SafeRestoreAsync(801, new RestoreOptions { SafetySnapshot = false });

        Assert.Null(result.SafetySnapshot);
        Assert.Single(_emulator.Requests);
    }

    [Fact]
    public async Task RestoreAsync_UnknownSnapshot_ThrowsNotFoundBeforeCreatingAnything()
    {
        await Assert.ThrowsAsync<VpsNotFoundException>(() => _client.SafeRestoreAsync(4242, new RestoreOptions { Wait = Wait() }));

        Assert.DoesNotContain(_emulator.Requests, r => r.Method == "POST");
    }

    /// <summary>Adds a completed snapshot newer than the seed's (801 is 2025-01-15 18:30, now is 2025-01-16 16:15).</summary>
    private void AddCompleted(long serverId, string name, int hoursAgo) =>
        _emulator.AddSnapshot(serverId, name, createdAt: _time.GetUtcNow().AddHours(hoursAgo), status: SnapshotStatus.Completed);

    /// <summary>An ISnapshotsClient of someone else's making (not the SDK's), with a hook before create.</summary>
    private sealed class WrappingClient(ISnapshotsClient inner) : ISnapshotsClient
    {
        /// <summary>Runs once, before the first create.</summary>
        public Action? BeforeCreate { get; init; }

        public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default) => inner.ListAsync(serverId, cancellationToken);

        private int _creates;

        public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _creates) == 1)
            {
                BeforeCreate?.Invoke();
            }

            return inner.CreateAsync(request, cancellationToken);
        }

        public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default) => inner.RestoreAsync(snapshotId, cancellationToken);

        public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default) => inner.DeleteAsync(snapshotId, cancellationToken);
    }
}
