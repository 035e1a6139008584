using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.HealthChecks;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Aspire.Tests;

/// <summary>
/// <c>services.AddHealthChecks().AddVpsSnapshots()</c> without Aspire, each state against the in-memory emulator on
/// fake time, with the requests it sent counted: healthy on one small request, its answer kept so probes send nothing,
/// Degraded without sending while the client is held by a 429, Unhealthy for a rejected token (401 and 403), a 5xx, an
/// unreachable API and one that does not answer in time; the token in no description, data or exception.
/// </summary>
public sealed class HealthCheckTests
{
    private const string Token = "health-secret-token";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly SnapshotsEmulator _emulator;

    public HealthCheckTests() =>
        _emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, Token = Token });

    [Fact]
    public async Task Healthy_OnOneSmallRequest_ThenKept_SoProbesWithinThePeriodSendNothing()
    {
        using var services = Services();

        var first = await CheckAsync(services);
        _time.Advance(TimeSpan.FromSeconds(29));
        var kept = await CheckAsync(services);
        var requestsWithinPeriod = _emulator.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(2));
        await CheckAsync(services);

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(HealthStatus.Healthy, kept.Status);
        Assert.Equal(1, requestsWithinPeriod);
        Assert.Equal(["GET /api/v1/snapshots/", "GET /api/v1/snapshots/"], _emulator.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task CacheDuration_IsTheOptionsOwn()
    {
        using var services = Services(configure: o => o.CacheDuration = TimeSpan.FromSeconds(5));

        await CheckAsync(services);
        _time.Advance(TimeSpan.FromSeconds(6));
        await CheckAsync(services);

        Assert.Equal(2, _emulator.Requests.Count);
    }

    [Fact]
    public async Task RejectedToken_401_IsUnhealthy_SayingSo_WithoutTheToken()
    {
        using var services = Services(token: "wrong-secret-token");

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("rejected the token", entry.Description, StringComparison.Ordinal);
        Assert.Equal(401, entry.Data["status_code"]);
        AssertNoToken(entry, "wrong-secret-token");
    }

    [Fact]
    public async Task RejectedToken_403_IsUnhealthy_SayingSo()
    {
        using var services = Services();
        _emulator.InjectFault(EmulatorFault.Status(403));

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("rejected the token", entry.Description, StringComparison.Ordinal);
        AssertNoToken(entry, Token);
    }

    [Fact]
    public async Task ServerError_5xx_IsUnhealthy_WithItsStatus()
    {
        using var services = Services();
        _emulator.InjectFault(EmulatorFault.HtmlPage(502));

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("502", entry.Description, StringComparison.Ordinal);
        Assert.Equal(502, entry.Data["status_code"]);
        AssertNoToken(entry, Token);
    }

    [Fact]
    public async Task Unreachable_IsUnhealthy()
    {
        using var services = Services();
        _emulator.InjectFault(EmulatorFault.RefuseConnection());

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("could not be reached", entry.Description, StringComparison.Ordinal);
        AssertNoToken(entry, Token);
    }

    [Fact]
    public async Task NoAnswerInTime_IsUnhealthy_AfterTheOptionsTimeout()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var services = Services(configure: o => o.Timeout = TimeSpan.FromSeconds(2), sent: sent);
        _emulator.InjectFault(EmulatorFault.Slow(TimeSpan.FromMinutes(1)));

        var checking = CheckAsync(services);
        await sent.Task; // the request is on its way, the check's timeout running on the one clock
        _time.Advance(TimeSpan.FromSeconds(2));

        var entry = await checking;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("did not answer within 2 s", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeldByA429_IsDegraded_WithoutSending()
    {
        using var services = Services();
        _emulator.InjectFault(EmulatorFault.Status(429, retryAfter: TimeSpan.FromHours(1)));
        await Assert.ThrowsAsync<VpsRateLimitException>(() => services.GetRequiredService<ISnapshotsClient>().ListAsync(12345));
        _emulator.ClearRequests();

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("throttling this client", entry.Description, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests);
        Assert.True((double)entry.Data["held_seconds"] > 3500);
    }

    [Fact]
    public async Task KeyedClient_IsCheckedThroughItsOwnRegistration()
    {
        var other = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _time, Token = "eu-secret-token" });
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(_time);
        collection.AddVpsSnapshots(o => o.ApiToken = Token).ConfigurePrimaryHttpMessageHandler(_emulator.CreateHandler);
        collection.AddVpsSnapshots("eu", o => o.ApiToken = "wrong-token").ConfigurePrimaryHttpMessageHandler(other.CreateHandler);
        collection.AddHealthChecks().AddVpsSnapshots().AddVpsSnapshots(clientName: "eu");
        using var services = collection.BuildServiceProvider();

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["vps-snapshots"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["vps-snapshots-eu"].Status);
        Assert.Single(_emulator.Requests);
        Assert.Single(other.Requests);
    }

    [Fact]
    public async Task ManyProbesAtOnce_WithinThePeriod_ShareTheKeptAnswer()
    {
        using var services = Services();
        await CheckAsync(services);

        var probes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => CheckAsync(services))));

        Assert.All(probes, p => Assert.Equal(HealthStatus.Healthy, p.Status));
        Assert.Single(_emulator.Requests);
    }

    private ServiceProvider Services(string token = Token, Action<VpsSnapshotsHealthCheckOptions>? configure = null, TaskCompletionSource? sent = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(_time);
        collection.AddVpsSnapshots(o =>
        {
            o.ApiToken = token;
            o.Retry.MaxRetries = 0;
        })
            .ConfigurePrimaryHttpMessageHandler(_emulator.CreateHandler)
            .AddHttpMessageHandler(() => new Signal(sent));
        collection.AddHealthChecks().AddVpsSnapshots(configure: configure);
        return collection.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider services) =>
        (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["vps-snapshots"];

    private static void AssertNoToken(HealthReportEntry entry, string token)
    {
        Assert.DoesNotContain(token, entry.Description ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(entry.Data.Values, v => v.ToString()!.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, entry.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Says when a request passes on its way to the emulator.</summary>
    private sealed class Signal(TaskCompletionSource? sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent?.TrySetResult();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
