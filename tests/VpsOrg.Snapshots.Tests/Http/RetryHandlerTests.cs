using System.Net;
using System.Net.Http.Headers;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Http;

/// <summary>The retry rules of SPEC section 4, on fake time: what is retried, when, and within which budget.</summary>
public class RetryHandlerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Fake time moves in 100 ms steps while the pipeline's continuations run on the thread pool, so a wait can
    /// end up to a few steps after it was due on a loaded machine. Lower bounds are exact: nothing happens early.
    /// </summary>
    private const double Slack = 0.5;
    private const string EmptyList = """{"count": 0, "results": []}""";

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ListAsync_TransientStatus_IsRetriedThenSucceeds(int status)
    {
        using var api = new ScriptedHandler().Respond((HttpStatusCode)status, "{}").Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api);

        var list = await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(2, list.Count);
        Assert.Equal(2, api.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task ListAsync_ClientError_IsNotRetried(int status)
    {
        using var api = new ScriptedHandler().Respond((HttpStatusCode)status, """{"detail": "no"}""");
        using var client = TestClients.Create(api);

        await Assert.ThrowsAnyAsync<VpsApiException>(() => api.Time.DriveAsync(client.ListAsync(), Step));

        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ListAsync_TransportError_IsRetried()
    {
        using var api = new ScriptedHandler().DropConnection().RefuseConnection().Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api);

        await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_500Forever_ThrowsServerExceptionAfterMaxRetriesPlusOne()
    {
        using var api = new ScriptedHandler();
        for (var i = 0; i < 10; i++)
        {
            api.Respond(HttpStatusCode.InternalServerError, """{"detail": "boom"}""");
        }

        using var client = TestClients.Create(api, o => o.Retry.MaxRetries = 3);

        var ex = await Assert.ThrowsAsync<VpsServerException>(() => api.Time.DriveAsync(client.ListAsync(), Step));

        Assert.Equal(4, api.Requests.Count);
        Assert.Equal(500, ex.StatusCode);
    }

    [Fact]
    public async Task ListAsync_TransportErrorForever_ThrowsHttpRequestException()
    {
        using var api = new ScriptedHandler();
        for (var i = 0; i < 4; i++)
        {
            api.DropConnection();
        }

        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<HttpRequestException>(() => api.Time.DriveAsync(client.ListAsync(), Step));
        Assert.Equal(4, api.Requests.Count);
    }

    [Fact]
    public async Task Backoff_IsExponentialWithJitterAndCapped()
    {
        using var api = new ScriptedHandler();
        for (var i = 0; i < 4; i++)
        {
            api.Respond(HttpStatusCode.BadGateway);
        }

        api.Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api, o =>
        {
            o.Retry.MaxRetries = 4;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(3);
        });

        await api.Time.DriveAsync(client.ListAsync(), Step);

        var gaps = api.Requests.Zip(api.Requests.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.Equal(4, gaps.Count);
        // attempt n waits BaseDelay * 2^n scaled by a jitter factor in [0.5, 1], capped at MaxDelay
        AssertBetween(gaps[0], 0.5, 1.0 + Slack);
        AssertBetween(gaps[1], 1.0, 2.0 + Slack);
        AssertBetween(gaps[2], 1.5, 3.0 + Slack);
        AssertBetween(gaps[3], 1.5, 3.0 + Slack);
    }

    [Fact]
    public async Task RetryAfterDelta_IsHonoured()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, "{}", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)))
            .Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api, o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10));

        await api.Time.DriveAsync(client.ListAsync(), Step);

        AssertBetween(api.Requests[1].At - api.Requests[0].At, 5.0, 5.0 + Slack);
    }

    [Fact]
    public async Task RetryAfterDate_IsHonoured()
    {
        using var api = new ScriptedHandler();
        var until = api.Time.GetUtcNow().AddSeconds(8);
        api.Respond(HttpStatusCode.TooManyRequests, "{}", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(until))
            .Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api, o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10));

        await api.Time.DriveAsync(client.ListAsync(), Step);

        AssertBetween(api.Requests[1].At - api.Requests[0].At, 8.0, 8.0 + Slack);
    }

    [Fact]
    public async Task RetryAfter_LongerThanMaxDelay_IsHonouredAsGivenWhenItFitsTheBudget()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, "{}", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(50)))
            .Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api, o => o.Retry.MaxDelay = TimeSpan.FromSeconds(4));

        await api.Time.DriveAsync(client.ListAsync(), Step);

        // MaxDelay caps only the computed backoff: a retry sent before the server's Retry-After is throttled again.
        Assert.Equal(2, api.Requests.Count);
        AssertBetween(api.Requests[1].At - api.Requests[0].At, 50.0, 50.0 + Slack);
    }

    [Fact]
    public async Task RetryAfter_BeyondRemainingBudget_FailsFastWithoutSleeping()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, """{"detail": "Request was throttled."}""", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)));
        using var client = TestClients.Create(api, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(10);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(60);
        });
        var start = api.Time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<VpsRateLimitException>(() => client.ListAsync());

        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
        Assert.Single(api.Requests);
        Assert.Equal(start, api.Time.GetUtcNow());
    }

    [Fact]
    public async Task Budget_Exhausted_ThrowsTimeoutException()
    {
        using var api = new ScriptedHandler().Hang();
        using var client = TestClients.Create(api, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5);
            o.Retry.AttemptTimeout = Timeout.InfiniteTimeSpan;
        });

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => api.Time.DriveAsync(client.ListAsync(), Step));

        Assert.Contains("Timeout of 5 s (VpsSnapshotsOptions.Timeout)", ex.Message);
        AssertBetween(api.Time.GetUtcNow() - api.Requests[0].At, 5.0, 5.0 + Slack);
    }

    [Fact]
    public async Task Budget_EndingDuringALaterAttempt_CutsThatAttemptAtTheBudgetsEnd_AndSendsNoMore()
    {
        // Each attempt may run 4 s; the third starts with less than that left of the 10 s budget, so the budget's end
        // is its end, and the call says so (not "attempt timed out"), then sends nothing more.
        using var api = new ScriptedHandler().Hang().Hang().Hang().Hang();
        using var client = TestClients.Create(api, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(10);
            o.Retry.AttemptTimeout = TimeSpan.FromSeconds(4);
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(100);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        });
        var start = api.Time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => api.Time.DriveAsync(client.ListAsync(), Step));

        Assert.Contains("did not complete within its Timeout of 10 s", ex.Message);
        Assert.Equal(3, api.Requests.Count);
        AssertBetween(api.Time.GetUtcNow() - start, 10.0, 10.0 + Slack);
    }

    [Fact]
    public async Task AttemptTimeout_GetIsRetried()
    {
        using var api = new ScriptedHandler().Hang().Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api, o => o.Retry.AttemptTimeout = TimeSpan.FromSeconds(2));

        await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(2, api.Requests.Count);
        Assert.True(api.Requests[1].At - api.Requests[0].At >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task AttemptTimeout_EveryAttempt_ThrowsTimeoutException()
    {
        using var api = new ScriptedHandler().Hang().Hang();
        using var client = TestClients.Create(api, o =>
        {
            o.Retry.MaxRetries = 1;
            o.Retry.AttemptTimeout = TimeSpan.FromSeconds(2);
        });

        await Assert.ThrowsAsync<TimeoutException>(() => api.Time.DriveAsync(client.ListAsync(), Step));
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task Cancellation_DuringBackoff_ThrowsOperationCanceledPromptly()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.ServiceUnavailable, "{}", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)));
        using var client = TestClients.Create(api);
        using var cts = new CancellationTokenSource();

        var call = client.ListAsync(cancellationToken: cts.Token);
        await api.WaitForRequestsAsync(1);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task DiscardedResponses_AreDisposed()
    {
        var contents = new List<TrackingContent>();
        using var api = new ScriptedHandler();
        for (var i = 0; i < 2; i++)
        {
            api.Respond(_ =>
            {
                var content = new TrackingContent("{}");
                contents.Add(content);
                return new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = content };
            });
        }

        api.Respond(HttpStatusCode.OK, EmptyList);
        using var client = TestClients.Create(api);

        await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(2, contents.Count);
        Assert.All(contents, c => Assert.True(c.Disposed));
    }

    [Fact]
    public async Task Post_EachAttemptIsFreshRequestWithIdenticalBody()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, "{}")
            .Respond(HttpStatusCode.ServiceUnavailable, "{}", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)))
            .Respond(HttpStatusCode.Created, SeedJson.Created);
        using var client = TestClients.Create(api);

        var created = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update-snapshot", "Snapshot before system update")), Step);

        Assert.Equal(802, created.Id);
        Assert.Equal(3, api.Requests.Count);
        Assert.All(api.Requests, r => Assert.Equal("POST", r.Method));
        Assert.Single(api.Requests.Select(r => r.Body).Distinct());
        Assert.Single(api.Requests.Select(r => r.ContentType).Distinct());
        Assert.Single(api.Requests.Select(r => r.Authorization).Distinct());
        Assert.Equal(3, api.Requests.Select(r => r.Message).Distinct().Count());
    }

    [Fact]
    public async Task Post_ConnectionRefused_IsRetried()
    {
        using var api = new ScriptedHandler().RefuseConnection().Respond(HttpStatusCode.OK, SeedJson.Restored);
        using var client = TestClients.Create(api);

        var result = await api.Time.DriveAsync(client.RestoreAsync(801), Step);

        Assert.Equal(801, result.Snapshot.Id);
        Assert.Equal(2, api.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task Restore_UnsafeFailure_IsNeverRetried(int status)
    {
        using var api = new ScriptedHandler().Respond((HttpStatusCode)status, "{}").Respond(HttpStatusCode.OK, SeedJson.Restored);
        using var client = TestClients.Create(api);

        await Assert.ThrowsAnyAsync<VpsApiException>(() => api.Time.DriveAsync(client.RestoreAsync(801), Step));

        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Restore_DroppedConnection_IsNotRetried()
    {
        using var api = new ScriptedHandler().DropConnection().Respond(HttpStatusCode.OK, SeedJson.Restored);
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<HttpRequestException>(() => api.Time.DriveAsync(client.RestoreAsync(801), Step));

        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Delete_404AfterAttemptThatMayHaveTakenEffect_Succeeds()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.BadGateway, "<html><title>502</title></html>", "text/html")
            .Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

        await api.Time.DriveAsync(client.DeleteAsync(801), Step);

        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, r => Assert.Equal("https://admin.vps.org/api/v1/snapshots/801/", r.Url));
    }

    [Fact]
    public async Task Delete_404AfterDroppedConnection_Succeeds()
    {
        using var api = new ScriptedHandler().DropConnection().Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

        await api.Time.DriveAsync(client.DeleteAsync(801), Step);

        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task Delete_404AfterRateLimit_StillThrowsNotFound()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, "{}")
            .Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<VpsNotFoundException>(() => api.Time.DriveAsync(client.DeleteAsync(801), Step));
    }

    [Fact]
    public void ComputeDelay_UsesJitterBetweenHalfAndFull()
    {
        var options = new VpsRetryOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(100) };

        Assert.Equal(TimeSpan.FromSeconds(4), VpsOrg.Snapshots.Http.Internal.RetryDelay.Compute(options, null, 2, TimeProvider.System, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(8), VpsOrg.Snapshots.Http.Internal.RetryDelay.Compute(options, null, 2, TimeProvider.System, 1.0));
    }

    private static void AssertBetween(TimeSpan actual, double minSeconds, double maxSeconds) =>
        Assert.InRange(actual.TotalSeconds, minSeconds, maxSeconds);

    private sealed class TrackingContent(string text) : StringContent(text)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
