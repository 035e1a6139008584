using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Diagnostics;

/// <summary>The <c>VpsOrg.Snapshots</c> meter, on a meter factory of its own per test (so tests never see each other's measurements).</summary>
public sealed class MetricsTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private readonly ScriptedHandler _api = new();
    private readonly ServiceProvider _services;
    private readonly MetricCollector<double> _durations;
    private readonly MetricCollector<long> _attempts;
    private readonly MetricCollector<long> _reconciliations;
    private readonly MetricCollector<double> _waits;

    public MetricsTests()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(_api.Time);
        services.AddVpsSnapshots(o =>
        {
            o.ApiToken = TestClients.Token;
            o.Retry.MaxRetries = 2;
        }).ConfigurePrimaryHttpMessageHandler(() => _api);
        _services = services.BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _durations = new MetricCollector<double>(meters, "VpsOrg.Snapshots", "vps.snapshots.client.operation.duration");
        _attempts = new MetricCollector<long>(meters, "VpsOrg.Snapshots", "vps.snapshots.client.attempts");
        _reconciliations = new MetricCollector<long>(meters, "VpsOrg.Snapshots", "vps.snapshots.client.create.reconciliations");
        _waits = new MetricCollector<double>(meters, "VpsOrg.Snapshots", "vps.snapshots.lifecycle.wait.duration");
    }

    private ISnapshotsClient Client => _services.GetRequiredService<ISnapshotsClient>();

    [Fact]
    public async Task SuccessfulCall_RecordsItsDurationAndOneSuccessfulAttempt()
    {
        _api.Respond(HttpStatusCode.OK, SeedJson.List);

        await Client.ListAsync(12345);

        var duration = Assert.Single(_durations.GetMeasurementSnapshot());
        Assert.Equal("list", duration.Tags["vps.operation"]);
        Assert.Equal(200, duration.Tags["http.response.status_code"]);
        Assert.False(duration.ContainsTags("error.type"));
        Assert.Equal(0, duration.Value);
        var attempt = Assert.Single(_attempts.GetMeasurementSnapshot());
        Assert.Equal(1, attempt.Value);
        Assert.Equal("success", attempt.Tags["vps.attempt.outcome"]);
        Assert.Equal("200", attempt.Tags["vps.attempt.reason"]);
        Assert.Equal("GET", attempt.Tags["http.request.method"]);
    }

    [Fact]
    public async Task RetriedCall_CountsEachAttemptByOutcomeAndTimesTheWholeCall()
    {
        _api.Respond(HttpStatusCode.ServiceUnavailable, "{}", configure: r => r.Headers.Add("Retry-After", "2"))
            .Respond(HttpStatusCode.OK, SeedJson.List);

        await _api.Time.DriveAsync(Client.ListAsync(), Step);

        Assert.Equal([("retried", "503"), ("success", "200")], _attempts.GetMeasurementSnapshot().Select(m => ((string)m.Tags["vps.attempt.outcome"]!, (string)m.Tags["vps.attempt.reason"]!)));
        var duration = Assert.Single(_durations.GetMeasurementSnapshot());
        Assert.InRange(duration.Value, 2.0, 2.5);
    }

    [Fact]
    public async Task TransientFailureBeyondTheRetries_IsGaveUpAndTheCallRecordsItsErrorType()
    {
        for (var i = 0; i < 3; i++)
        {
            _api.Respond(HttpStatusCode.BadGateway, "{}");
        }

        await Assert.ThrowsAsync<VpsServerException>(() => _api.Time.DriveAsync(Client.ListAsync(), Step));

        Assert.Equal(["retried", "retried", "gave_up"], _attempts.GetMeasurementSnapshot().Select(m => (string)m.Tags["vps.attempt.outcome"]!));
        var duration = Assert.Single(_durations.GetMeasurementSnapshot());
        Assert.Equal("VpsOrg.Snapshots.VpsServerException", duration.Tags["error.type"]);
        Assert.Equal(502, duration.Tags["http.response.status_code"]);
    }

    [Fact]
    public async Task ClientError_IsAFailedAttempt()
    {
        _api.Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");

        await Assert.ThrowsAsync<VpsNotFoundException>(() => Client.DeleteAsync(5));

        var attempt = Assert.Single(_attempts.GetMeasurementSnapshot());
        Assert.Equal("failed", attempt.Tags["vps.attempt.outcome"]);
        Assert.Equal("DELETE", attempt.Tags["http.request.method"]);
        Assert.Equal("VpsOrg.Snapshots.VpsNotFoundException", Assert.Single(_durations.GetMeasurementSnapshot()).Tags["error.type"]);
    }

    [Fact]
    public async Task CreateWithUnknownOutcome_CountsReconciliationsFoundAndNotFound()
    {
        var now = _api.Time.GetUtcNow();
        var at = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var created = $$"""{"id": 802, "server": {"id": 12345, "name": "web-server-01"}, "name": "nightly", "status": "in_progress", "size_mb": null, "created_at": "{{at}}", "description": null}""";
        _api.DropConnection()
            .Respond(HttpStatusCode.OK, """{"count": 0, "results": []}""", configure: ScriptedHandler.ServerDate(now))
            .Respond(HttpStatusCode.InternalServerError, "{}", configure: ScriptedHandler.ServerDate(now))
            .Respond(HttpStatusCode.OK, $$"""{"count": 1, "results": [{{created}}]}""", configure: ScriptedHandler.ServerDate(now));

        var snapshot = await _api.Time.DriveAsync(Client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Equal(["not_found", "found"], _reconciliations.GetMeasurementSnapshot().Select(m => (string)m.Tags["vps.reconciliation.result"]!));
    }

    [Fact]
    public async Task WaitForCompletion_RecordsHowLongTheSnapshotTookAndItsFinalStatus()
    {
        var inProgress = new Snapshot { Id = 801, Server = new ServerReference { Id = 12345 }, Name = "pre-migration-snapshot", Status = SnapshotStatus.InProgress, CreatedAt = _api.Time.GetUtcNow() };
        _api.Respond(HttpStatusCode.OK, SeedJson.List);

        var done = await _api.Time.DriveAsync(Client.WaitForCompletionAsync(inProgress, new SnapshotWaitOptions { PollInterval = TimeSpan.FromSeconds(5) }), Step);

        Assert.Equal(SnapshotStatus.Completed, done.Status);
        var wait = Assert.Single(_waits.GetMeasurementSnapshot());
        Assert.InRange(wait.Value, 5.0, 5.5);
        Assert.Equal("completed", wait.Tags["vps.snapshot.status"]);
    }

    public void Dispose()
    {
        _durations.Dispose();
        _attempts.Dispose();
        _reconciliations.Dispose();
        _waits.Dispose();
        _services.Dispose();
        _api.Dispose();
    }
}
