using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Diagnostics;

[Collection(nameof(ActivityListenerTests))]
public class ObservabilityTests
{
    [Fact]
    public async Task Call_LogsOneInformationLineWithMethodPathStatusAttempts()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        var logger = new FakeLogger<SnapshotsClient>();
        using var client = TestClients.Create(api, logger: logger);

        await client.ListAsync(12345);

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Matches(@"^VPS\.org GET /api/v1/snapshots/\?server_id=12345 -> 200 in \d+ ms after 1 attempt\(s\)$", record.Message);

        // Structured logging sees the same event and values as a [LoggerMessage] method would give it.
        Assert.Equal(new EventId(1, "CallCompleted"), record.Id);
        var values = record.StructuredState!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("GET", values["Method"]);
        Assert.Equal("/api/v1/snapshots/?server_id=12345", values["Path"]);
        Assert.Equal("200", values["StatusCode"]);
        Assert.Equal("1", values["Attempts"]);
        Assert.Matches(@"^\d+$", values["ElapsedMs"]);
        Assert.Equal("VPS.org {Method} {Path} -> {StatusCode} in {ElapsedMs} ms after {Attempts} attempt(s)", values["{OriginalFormat}"]);
    }

    [Fact]
    public async Task Retry_IsLoggedAtWarning_AndNoLogContainsToken()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.ServiceUnavailable, "{}", configure: r => r.Headers.Add("Retry-After", "1")).Respond(HttpStatusCode.Unauthorized, $$"""{"detail": "bad token {{TestClients.Token}}"}""");
        var logger = new FakeLogger<SnapshotsClient>();
        using var client = TestClients.Create(api, logger: logger);

        await Assert.ThrowsAsync<VpsAuthenticationException>(() => api.Time.DriveAsync(client.ListAsync(), TimeSpan.FromMilliseconds(100)));

        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Message == "VPS.org GET /api/v1/snapshots/ attempt 1 got 503; retrying in 1000 ms");
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Message.StartsWith("VPS.org GET /api/v1/snapshots/ failed with 401 VpsAuthenticationException", StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain(TestClients.Token, r.Message + r.Exception));
    }

    [Fact]
    public async Task Call_EmitsActivityWithIdsStatusAndAttempts()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "VpsOrg.Snapshots",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var api = new ScriptedHandler().Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

        await client.DeleteAsync(801);
        await Assert.ThrowsAsync<VpsNotFoundException>(() => client.DeleteAsync(5));

        List<Activity> mine;
        lock (activities)
        {
            mine = activities.Where(a => a.GetTagItem("vps.snapshot_id") is long id && (id == 801 || id == 5)).ToList();
        }

        var ok = Assert.Single(mine, a => (long)a.GetTagItem("vps.snapshot_id")! == 801);
        Assert.Equal("VpsOrg.Snapshots.Delete", ok.OperationName);
        Assert.Equal(ActivityKind.Client, ok.Kind);
        Assert.Equal(204, ok.GetTagItem("http.response.status_code"));
        Assert.Equal(1, ok.GetTagItem("vps.attempts"));
        var failed = Assert.Single(mine, a => (long)a.GetTagItem("vps.snapshot_id")! == 5);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(404, failed.GetTagItem("http.response.status_code"));
        Assert.Equal(typeof(VpsNotFoundException).FullName, failed.GetTagItem("error.type"));
        Assert.All(mine, a => Assert.DoesNotContain(a.TagObjects, t => t.Value?.ToString()?.Contains(TestClients.Token, StringComparison.Ordinal) == true));
    }
}

[CollectionDefinition(nameof(ActivityListenerTests), DisableParallelization = true)]
public class ActivityListenerTests
{
}
