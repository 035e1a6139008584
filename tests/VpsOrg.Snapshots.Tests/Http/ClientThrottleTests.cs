using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Http;

/// <summary>
/// SPEC section 7: a client's calls hold back together when the API throttles. Scripted answers on fake time, with
/// the time each request reached the server checked against the hold.
/// </summary>
public class ClientThrottleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);
    private const string Throttled = """{"detail": "Request was throttled. Expected available in 3 seconds."}""";

    [Fact]
    public async Task A429_HoldsEveryOperationOfTheClient_UntilTheTimeTheServerGave()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.TooManyRequests, Throttled, configure: RetryAfter(3));
        for (var i = 0; i < 4; i++)
        {
            api.Respond(AnswerByEndpoint);
        }

        using var client = TestClients.Create(api);
        var start = api.Time.GetUtcNow();

        var list = client.ListAsync();
        await api.WaitForRequestsAsync(1);
        var others = Task.WhenAll(
            client.CreateAsync(new CreateSnapshotRequest(12345, "before-update-snapshot")),
            client.RestoreAsync(801),
            client.DeleteAsync(798));
        await api.Time.DriveAsync(Task.WhenAll(list, others), Step);

        var requests = api.Requests;
        Assert.Equal(5, requests.Count);
        Assert.All(requests.Skip(1), r => Assert.True(r.At >= start + TimeSpan.FromSeconds(3), $"{r.Method} {r.Url} sent at +{(r.At - start).TotalSeconds} s"));
        Assert.Equal(["DELETE", "GET", "POST", "POST"], requests.Skip(1).Select(r => r.Method).OrderBy(m => m, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A503WithRetryAfter_HoldsTheClientToo()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, """{"detail": "Maintenance."}""", configure: RetryAfter(2))
            .Respond(HttpStatusCode.OK, SeedJson.List)
            .Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api);
        var start = api.Time.GetUtcNow();

        var first = client.ListAsync();
        await api.WaitForRequestsAsync(1);
        var second = client.ListAsync(12345);
        await api.Time.DriveAsync(Task.WhenAll(first, second), Step);

        Assert.All(api.Requests.Skip(1), r => Assert.True(r.At >= start + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task FirstWave_SixteenCallersStartingTogether_SendTwo_ThenOneMoreForEachAnswer()
    {
        var answers = new SemaphoreSlim(0);
        using var api = new ScriptedHandler();
        for (var i = 0; i < 16; i++)
        {
            api.RespondAsync(async (_, token) =>
            {
                await answers.WaitAsync(token);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(SeedJson.List) };
            });
        }

        using var client = TestClients.Create(api);
        var calls = Enumerable.Range(0, 16).Select(_ => client.ListAsync()).ToList();

        // Before any answer the window is 2; each answer without a throttle gives its place back and one more.
        await api.WaitForRequestsAsync(2);
        Assert.Equal(2, api.Requests.Count);
        for (var answered = 1; answered <= 7; answered++)
        {
            answers.Release();
            await api.WaitForRequestsAsync(2 + (2 * answered));
            Assert.Equal(2 + (2 * answered), api.Requests.Count);
        }

        answers.Release(16);
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(16, api.Requests.Count);
    }

    [Fact]
    public async Task FirstWave_EndsAtTheFirstThrottle_TheCallersItHeldMeetTheHold()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var api = new ScriptedHandler();
        for (var i = 0; i < 2; i++)
        {
            api.RespondAsync(async (_, _) =>
            {
                await first.Task;
                var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(Throttled) };
                RetryAfter(3)(response);
                return response;
            });
        }

        for (var i = 0; i < 6; i++)
        {
            api.Respond(HttpStatusCode.OK, SeedJson.List);
        }

        using var client = TestClients.Create(api);
        var start = api.Time.GetUtcNow();
        var calls = Enumerable.Range(0, 6).Select(_ => client.ListAsync()).ToList();
        await api.WaitForRequestsAsync(2);
        first.SetResult();

        await api.Time.DriveAsync(Task.WhenAll(calls), Step);

        // The window's two were throttled; their retries and the four callers it held all waited out the hold.
        Assert.Equal(8, api.Requests.Count);
        Assert.All(api.Requests.Skip(2), r => Assert.True(r.At >= start + TimeSpan.FromSeconds(3), $"sent at +{(r.At - start).TotalSeconds} s"));
    }

    [Fact]
    public async Task FirstWave_AClientToldItsRate_PacesFromTheStartInstead()
    {
        using var api = new ScriptedHandler();
        for (var i = 0; i < 4; i++)
        {
            api.Respond(HttpStatusCode.OK, SeedJson.List);
        }

        using var client = TestClients.Create(api, o => o.Throttling.RequestsPerSecond = 2);

        await api.Time.DriveAsync(Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.ListAsync())), Step);

        var gaps = api.Requests.Zip(api.Requests.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, 0.5, 0.5 + 0.2));
    }

    [Fact]
    public async Task HeldCall_WhoseBudgetCannotCoverTheHold_FailsAtOnceWithRetryAfter_AndSendsNothing()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, Throttled, configure: RetryAfter(30));
        using var client = TestClients.Create(api, o => o.Timeout = TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<VpsRateLimitException>(() => client.ListAsync());

        var held = await Assert.ThrowsAsync<VpsRateLimitException>(() => client.DeleteAsync(801));

        Assert.Single(api.Requests);
        Assert.Equal(429, held.StatusCode);
        Assert.InRange(held.RetryAfter!.Value.TotalSeconds, 29.9, 30);
        Assert.Contains("was not sent", held.Message);
        Assert.Contains("VpsSnapshotsOptions.Timeout", held.Message);
    }

    [Fact]
    public async Task BeingHeld_IsNotAnAttempt_EvenWithoutRetries()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, Throttled, configure: RetryAfter(3))
            .Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api, o => o.Retry.MaxRetries = 0);
        await Assert.ThrowsAsync<VpsRateLimitException>(() => client.ListAsync());

        var list = await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(2, list.Count);
        Assert.Equal(2, api.Requests.Count);
        Assert.True(api.Requests[1].At - api.Requests[0].At >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task DeleteUnderAHold_KeepsItsIdempotency_AndCreateItsReconciliation()
    {
        using var api = new ScriptedHandler()
            .DropConnection()
            .Respond(HttpStatusCode.TooManyRequests, Throttled, configure: RetryAfter(3))
            .Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""")
            .DropConnection()
            .Respond(HttpStatusCode.TooManyRequests, Throttled, configure: RetryAfter(3))
            .Respond(HttpStatusCode.OK, SeedJson.List.Replace("\"id\": 801", "\"id\": 802").Replace("pre-migration-snapshot", "before-update-snapshot").Replace("2025-01-15T18:30:00Z", "2025-01-16T16:15:00Z"));
        using var client = TestClients.Create(api, o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(100));

        await api.Time.DriveAsync(client.DeleteAsync(801), Step);
        var created = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update-snapshot")), Step);

        Assert.Equal(802, created.Id);
        Assert.Equal(["DELETE", "DELETE", "DELETE", "POST", "GET", "GET"], api.Requests.Select(r => r.Method));
        Assert.True(api.Requests[2].At - api.Requests[1].At >= TimeSpan.FromSeconds(3));
        Assert.True(api.Requests[5].At - api.Requests[4].At >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task HoldStart_IsLoggedOnceAtWarning_WithoutTheToken()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<HttpResponseMessage> ThrottledTogether(HttpRequestMessage request, CancellationToken token)
        {
            await release.Task;
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(Throttled) };
            RetryAfter(3)(response);
            return response;
        }

        using var api = new ScriptedHandler()
            .RespondAsync(ThrottledTogether)
            .RespondAsync(ThrottledTogether)
            .Respond(HttpStatusCode.OK, SeedJson.List)
            .Respond(HttpStatusCode.OK, SeedJson.List);
        var logger = new FakeLogger<SnapshotsClient>();
        using var client = TestClients.Create(api, logger: logger);

        var first = client.ListAsync();
        var second = client.ListAsync();
        await api.WaitForRequestsAsync(2);
        release.SetResult();
        await api.Time.DriveAsync(Task.WhenAll(first, second), Step);

        var holds = logger.Collector.GetSnapshot().Where(r => r.Id.Name == "ThrottleHold").ToList();
        var hold = Assert.Single(holds);
        Assert.Equal(LogLevel.Warning, hold.Level);
        Assert.Equal("VPS.org API throttled this client (429 on GET /api/v1/snapshots/): every call of this client is held for 3000 ms (Retry-After: 3 s), then paced", hold.Message);
        Assert.DoesNotContain(TestClients.Token, string.Join("\n", logger.Collector.GetSnapshot().Select(r => r.Message)));
    }

    [Fact]
    public async Task FixedRate_PacesFromTheFirstRequest()
    {
        using var api = new ScriptedHandler();
        for (var i = 0; i < 6; i++)
        {
            api.Respond(HttpStatusCode.OK, SeedJson.List);
        }

        using var client = TestClients.Create(api, o => o.Throttling.RequestsPerSecond = 2);

        await api.Time.DriveAsync(Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.ListAsync())), Step);

        var times = api.Requests.Select(r => r.At).ToList();
        Assert.Equal(6, times.Count);
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromMilliseconds(499), $"gap {gap.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task Metrics_RecordTheTimeHeldAndThePacingRate()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.TooManyRequests, Throttled, configure: RetryAfter(2))
            .Respond(HttpStatusCode.OK, SeedJson.List)
            .Respond(HttpStatusCode.OK, SeedJson.List);
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(api.Time);
        services.AddVpsSnapshots(o => o.ApiToken = TestClients.Token).ConfigurePrimaryHttpMessageHandler(() => api);
        using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var held = new MetricCollector<double>(meters, "VpsOrg.Snapshots", "vps.snapshots.client.throttle.held");
        using var rate = new MetricCollector<double>(meters, "VpsOrg.Snapshots", "vps.snapshots.client.pacing.rate");
        var client = provider.GetRequiredService<ISnapshotsClient>();

        var first = client.ListAsync();
        await api.WaitForRequestsAsync(1);
        var second = provider.GetRequiredService<ISnapshotsClient>().ListAsync();
        await api.Time.DriveAsync(Task.WhenAll(first, second), Step);

        Assert.Contains(held.GetMeasurementSnapshot(), m => m.Value >= 2);
        Assert.NotEmpty(rate.GetMeasurementSnapshot());
        Assert.All(rate.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0.5));
    }

    private static HttpResponseMessage AnswerByEndpoint(HttpRequestMessage request)
    {
        var (status, body) = (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/api/v1/snapshots/") => (HttpStatusCode.Created, SeedJson.Created),
            ("POST", _) => (HttpStatusCode.OK, SeedJson.Restored),
            ("DELETE", _) => (HttpStatusCode.NoContent, (string?)null),
            _ => (HttpStatusCode.OK, SeedJson.List),
        };
        return new HttpResponseMessage(status) { Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
    }

    private static Action<HttpResponseMessage> RetryAfter(int seconds) =>
        r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
}
