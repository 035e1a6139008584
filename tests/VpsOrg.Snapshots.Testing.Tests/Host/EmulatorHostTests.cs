using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Testing.Tests.Host;

/// <summary>The SDK over real HTTP against the emulator served by Kestrel on 127.0.0.1 (port chosen by the OS).</summary>
public sealed class EmulatorHostTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _emulatorTime = new(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));
    private EmulatorHost _host = null!;
    private SnapshotsClient _client = null!;

    private SnapshotsEmulator Emulator => _host.Emulator;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _emulatorTime }));
        _client = CreateClient(_host.Emulator.Token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private SnapshotsClient CreateClient(string token, Action<VpsSnapshotsOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new VpsSnapshotsOptions { BaseAddress = _host.BaseAddress, ApiToken = token };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        configure?.Invoke(options);
        return new SnapshotsClient(options, null, time);
    }

    [Fact]
    public void Host_ListensOnLoopbackOnly()
    {
        Assert.True(_host.BaseAddress.IsLoopback);
        Assert.Throws<ArgumentException>(() => EmulatorHost.StartAsync(new SnapshotsEmulator(), "http://0.0.0.0:0").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task AllFourEndpoints_OverHttp()
    {
        var list = await _client.ListAsync(12345);
        var created = await _client.CreateAsync(new CreateSnapshotRequest(12345, "over-http", "integration"));
        _emulatorTime.Advance(TimeSpan.FromSeconds(3));
        var completed = (await _client.ListAsync(12345)).Results.Single(s => s.Id == created.Id);
        var restored = await _client.RestoreAsync(created.Id);
        await _client.DeleteAsync(created.Id);

        Assert.Equal([801L, 798], list.Results.Select(s => s.Id));
        Assert.Equal(802, created.Id);
        Assert.Equal(SnapshotStatus.InProgress, created.Status);
        Assert.Equal(SnapshotStatus.Completed, completed.Status);
        Assert.Equal("restoring", restored.Server.Status);
        Assert.DoesNotContain(Emulator.Snapshots, s => s.Id == created.Id);
        Assert.All(Emulator.Requests, r => Assert.Equal("Bearer emulator-token", r.Authorization));
    }

    [Fact]
    public async Task WrongToken_ThrowsAuthenticationWithRequestId()
    {
        using var client = CreateClient("not-the-token");

        var ex = await Assert.ThrowsAsync<VpsAuthenticationException>(() => client.ListAsync());

        Assert.Equal("Invalid token.", ex.Detail);
        Assert.StartsWith("emu-", ex.RequestId);
        Assert.DoesNotContain("not-the-token", ex.ToString());
    }

    [Fact]
    public async Task Errors_OverHttp_AreTyped()
    {
        await Assert.ThrowsAsync<VpsNotFoundException>(() => _client.DeleteAsync(999));
        await Assert.ThrowsAsync<VpsNotFoundException>(() => _client.RestoreAsync(999));
        await Assert.ThrowsAsync<VpsNotFoundException>(() => _client.CreateAsync(new CreateSnapshotRequest(4242, "x")));
        for (var i = 0; i < 3; i++)
        {
            await _client.CreateAsync(new CreateSnapshotRequest(12345, $"fill{i}"));
        }

        await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => _client.CreateAsync(new CreateSnapshotRequest(12345, "sixth")));
        await Assert.ThrowsAsync<VpsBadRequestException>(() => _client.RestoreAsync(802));
    }

    /// <summary>Injects a fault the way any test suite can: over the admin API, not in process.</summary>
    private async Task InjectOverHttpAsync(string faultJson)
    {
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        using var response = await http.PostAsync("_emulator/faults", new StringContent(faultJson, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task ServiceUnavailableWithRetryAfter_IsRetriedUntilSuccess()
    {
        await InjectOverHttpAsync("""{"kind": "status", "status": 503, "retry_after_seconds": 0, "times": 2}""");

        var list = await _client.ListAsync();

        Assert.Equal(2, list.Count);
        Assert.Equal([503, 503, 200], Emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task RateLimitedCreate_IsRetriedAndCreatesOnce()
    {
        Emulator.InjectFault(EmulatorFault.Status(429, TimeSpan.Zero), method: "POST");

        var created = await _client.CreateAsync(new CreateSnapshotRequest(67890, "after-429"));

        Assert.Single(Emulator.Snapshots, s => s.Name == "after-429");
        Assert.Equal(created.Id, Emulator.Snapshots.Single(s => s.Name == "after-429").Id);
    }

    [Fact]
    public async Task DroppedConnectionOnList_IsRetried()
    {
        Emulator.InjectFault(EmulatorFault.DropConnection(), method: "GET");

        var list = await _client.ListAsync();

        Assert.Equal(2, list.Count);
        Assert.Equal([0, 200], Emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task HtmlBadGatewayOnRestore_ThrowsServerExceptionWithoutRetry()
    {
        Emulator.InjectFault(EmulatorFault.HtmlPage(502), method: "POST");

        var ex = await Assert.ThrowsAsync<VpsServerException>(() => _client.RestoreAsync(801));

        Assert.Equal("HTML page '502 Bad Gateway'", ex.Detail);
        Assert.Single(Emulator.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CommitThenFailCreate_ReturnsTheOneSnapshotCreated(bool dropConnection)
    {
        await InjectOverHttpAsync(dropConnection
            ? """{"kind": "commit_then_drop", "method": "POST"}"""
            : """{"kind": "commit_then_status", "status": 500, "method": "POST"}""");

        var created = await _client.CreateAsync(new CreateSnapshotRequest(67890, "exactly-once"));

        var matching = Emulator.Snapshots.Where(s => s.Name == "exactly-once").ToList();
        Assert.Single(matching);
        Assert.Equal(matching[0].Id, created.Id);
        Assert.Single(Emulator.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task CommitThenDropDelete_RetrySees404AndSucceeds()
    {
        Emulator.InjectFault(EmulatorFault.CommitThenDropConnection(), method: "DELETE");

        await _client.DeleteAsync(798);

        Assert.Equal([0, 404], Emulator.Requests.Select(r => r.StatusCode));
        Assert.DoesNotContain(Emulator.Snapshots, s => s.Id == 798);
    }

    [Fact]
    public async Task ServerErrorForever_ThrowsAfterRetries()
    {
        Emulator.InjectFault(EmulatorFault.Status(500), times: 10);

        await Assert.ThrowsAsync<VpsServerException>(() => _client.ListAsync());

        Assert.Equal(4, Emulator.Requests.Count);
    }

    [Fact]
    public async Task SlowResponse_PastAttemptTimeout_IsAbandonedAndRetried()
    {
        Emulator.InjectFault(EmulatorFault.Slow(TimeSpan.FromHours(1)), method: "GET");
        using var client = CreateClient(Emulator.Token, o => o.Retry.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var list = await client.ListAsync();

        Assert.Equal(2, list.Count);
        await WaitUntil(() => Emulator.Requests.Count == 2);
        Assert.Equal([0, 200], Emulator.Requests.OrderBy(r => r.StatusCode).Select(r => r.StatusCode));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        // Kestrel reports the abandoned request's cancellation asynchronously; bounded.
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task LifecycleHelpers_OverHttp_SnapshotChangeRollBack()
    {
        // The client on the emulator's clock, as the Testing package's pattern has it: its waits run on that clock.
        using var client = CreateClient(_host.Emulator.Token, time: _emulatorTime);
        var wait = new SnapshotWaitOptions { PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(2) };
        var step = TimeSpan.FromMilliseconds(500);

        var before = await _emulatorTime.DriveAsync(client.CreateAndWaitAsync(new CreateSnapshotRequest(12345, "http-before"), wait), step);
        var restored = await _emulatorTime.DriveAsync(client.SafeRestoreAsync(before.Id, new RestoreOptions { Wait = wait }), step);
        var rotated = await client.CreateWithRotationAsync(new CreateSnapshotRequest(12345, "http-rotated"), keepLast: 3);
        var streamed = new List<long>();
        await foreach (var snapshot in client.ListAllAsync(12345))
        {
            streamed.Add(snapshot.Id);
        }

        var dryRun = await client.PlanPruneAsync(12345, new PruneOptions { KeepLast = 1 });

        Assert.Equal(SnapshotStatus.Completed, before.Status);
        Assert.Equal(before.Id, restored.Restore.Snapshot.Id);
        Assert.Equal(SnapshotStatus.Completed, restored.SafetySnapshot!.Status);
        Assert.Equal([798L, 801], rotated.Deleted.Select(s => s.Id));
        Assert.Equal([rotated.Created.Id, restored.SafetySnapshot.Id, before.Id], streamed);
        Assert.Equal([before.Id, restored.SafetySnapshot.Id], dryRun.Deleted.Select(s => s.Id));
        Assert.Equal(3, Emulator.Snapshots.Count(s => s.Server.Id == 12345));
    }

    [Fact]
    public async Task RawHttp_SeedListMatchesPage()
    {
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/snapshots/");
        request.Headers.Add("Authorization", "Bearer emulator-token");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        using var expected = System.Text.Json.JsonDocument.Parse(SeedJson.List);
        using var actual = System.Text.Json.JsonDocument.Parse(body);
        Assert.True(System.Text.Json.JsonElement.DeepEquals(expected.RootElement, actual.RootElement));
        Assert.Equal(_emulatorTime.GetUtcNow(), response.Headers.Date);
    }
}
