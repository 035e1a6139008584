using VpsOrg.Snapshots.Tests.TestSupport;
using static VpsOrg.Snapshots.Tests.TestSupport.LoopbackClients;

namespace VpsOrg.Snapshots.Tests.Loopback;

/// <summary>
/// What only a real socket shows, over 127.0.0.1 with the handlers the SDK builds itself: redirects are never
/// followed, .NET's connection pool never resends a restore or a delete on its own, and a body that stalls mid-way
/// is cut by the attempt timeout. Short real timeouts: these tests wait on real sockets, never on a sleep.
/// </summary>
public sealed class LoopbackHttpTests
{
    private const string EmptyList = """{"count": 0, "results": []}""";

    public static TheoryData<string, int> Redirects() => new()
    {
        { "list", 302 }, { "list", 307 }, { "create", 301 }, { "create", 307 }, { "restore", 308 }, { "delete", 307 }, { "delete", 302 },
    };

    [Theory]
    [MemberData(nameof(Redirects))]
    public async Task Redirect_ToAnotherHost_IsVpsApiExceptionAndNothingReachesIt(string operation, int status)
    {
        await using var other = new LoopbackServer(_ => LoopbackAction.Json(200, EmptyList));
        var location = new Uri(other.BaseAddress, "api/v1/snapshots/?secret=abc").ToString();
        await using var api = new LoopbackServer(_ => LoopbackAction.Redirect(status, location));

        foreach (var client in new[] { Owned(api.BaseAddress), FromDi(api.BaseAddress) })
        {
            var ex = await Assert.ThrowsAsync<VpsApiException>(() => Call(client, operation));

            Assert.Equal(status, ex.StatusCode);
            Assert.Contains("redirect to '" + new Uri(other.BaseAddress, "api/v1/snapshots/") + "?...'", ex.Message);
            Assert.DoesNotContain("secret", ex.Message);
            (client as IDisposable)?.Dispose();
        }

        Assert.Empty(other.Requests);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task RestoreAsync_ConnectionClosedBeforeAnswer_IsSentOnceAndSaysTheOutcomeIsUnknown()
    {
        await using var api = new LoopbackServer(r => r.Method == "GET" ? LoopbackAction.Json(200, SeedJson.List) : LoopbackAction.CloseWithoutAnswer());
        using var client = Owned(api.BaseAddress);
        await client.ListAsync(); // leaves a pooled connection, the case .NET resends on

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.RestoreAsync(801));

        Assert.Single(api.Requests, r => r.Method == "POST");
        Assert.Contains("The restore may or may not have started", ex.Message);
        Assert.Equal("0", Assert.Single(api.Requests, r => r.Method == "POST").Headers["Content-Length"]);
    }

    [Fact]
    public async Task DeleteAsync_CommittedThenConnectionClosed_SdkRetriesAndReportsSuccess()
    {
        var deletes = 0;
        await using var api = new LoopbackServer(r => r.Method switch
        {
            "GET" => LoopbackAction.Json(200, SeedJson.List),
            _ when Interlocked.Increment(ref deletes) == 1 => LoopbackAction.CloseWithoutAnswer(), // deleted, answer lost
            _ => LoopbackAction.Json(404, """{"detail": "Not found."}"""),
        });
        using var client = Owned(api.BaseAddress);
        await client.ListAsync();

        await client.DeleteAsync(801);

        // Both DELETEs were the SDK's own decision (a retry after an unknown outcome), so the 404 means "done".
        Assert.Equal(2, api.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task ListAsync_BodyStallsMidWay_AttemptTimeoutCutsItAndRetries()
    {
        var gets = 0;
        await using var api = new LoopbackServer(_ => Interlocked.Increment(ref gets) == 1
            ? LoopbackAction.StallMidBody(200, SeedJson.List)
            : LoopbackAction.Json(200, SeedJson.List));
        using var client = Owned(api.BaseAddress, o => o.Retry.AttemptTimeout = TimeSpan.FromMilliseconds(500));

        var list = await client.ListAsync();

        Assert.Equal(2, list.Results.Count);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_BodyStallsPastTheCallsBudget_TheBudgetEndsTheAttempt()
    {
        // The attempt may run 30 s; the call's budget is 1 s, and it is what ends the stalled read (no timer of the
        // budget's own runs behind the SDK's handlers: the attempt is bounded by what is left of it).
        await using var api = new LoopbackServer(_ => LoopbackAction.StallMidBody(200, SeedJson.List));
        using var client = Owned(api.BaseAddress, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.Retry.AttemptTimeout = TimeSpan.FromSeconds(30);
        });

        // WaitAsync only keeps a regression from hanging the run; its own TimeoutException would fail the message check.
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => client.ListAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("did not complete within its Timeout of 1 s", ex.Message);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task CreateAsync_BodyStallsMidWay_IsReconciledNotResent()
    {
        var createdAt = EmulatorTimestamp(DateTimeOffset.UtcNow);
        var created = $$"""{"id": 900, "server": {"id": 12345, "name": "web-server-01"}, "name": "nightly", "status": "in_progress", "size_mb": null, "created_at": "{{createdAt}}", "description": null}""";
        await using var api = new LoopbackServer(r => r.Method == "POST"
            ? LoopbackAction.StallMidBody(201, created)
            : LoopbackAction.Json(200, $$"""{"count": 1, "results": [{{created}}]}"""));

        // The attempt must outlast the server reading the POST (else the stall never happens and the test shows
        // nothing): 500 ms was not always enough on a loaded CI machine, where the POST was cut before it was read.
        using var client = Owned(api.BaseAddress, o => o.Retry.AttemptTimeout = TimeSpan.FromSeconds(2));

        var snapshot = await client.CreateAsync(new CreateSnapshotRequest(12345, "nightly"));

        Assert.Equal(900, snapshot.Id);
        Assert.Single(api.Requests, r => r.Method == "POST");
        Assert.Equal("/api/v1/snapshots/?server_id=12345", api.Requests[^1].Target);
    }

    private static string EmulatorTimestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Task Call(ISnapshotsClient client, string operation) => operation switch
    {
        "list" => client.ListAsync(),
        "create" => client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")),
        "restore" => client.RestoreAsync(801),
        _ => client.DeleteAsync(801),
    };
}
