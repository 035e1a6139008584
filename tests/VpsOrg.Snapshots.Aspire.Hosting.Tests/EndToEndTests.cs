using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;

namespace VpsOrg.Snapshots.Aspire.Hosting.Tests;

/// <summary>
/// The sample app host run as a test (DistributedApplicationTestingBuilder, the orchestrator from NuGet, offline): the
/// emulator becomes healthy, and the service lists the seed's snapshots through the SDK and reports itself healthy.
/// </summary>
public sealed class EndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SampleAppHost_RunsTheEmulator_AndTheServiceListsTheSeedsSnapshotsThroughTheSdk()
    {
        var clock = Stopwatch.StartNew();
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VpsSnapshots_Sample_AppHost>();
        await using var app = await appHost.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.StartAsync(timeout.Token);

        // Healthy means the service answers on its own port and its health check (one list through the SDK) passed.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("vps-emulator", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("service", timeout.Token);
        using var http = app.CreateHttpClient("service");
        using var listed = await http.GetAsync("/snapshots?serverId=12345", timeout.Token);
        using var health = await http.GetAsync("/health", timeout.Token);
        output.WriteLine($"app host started, emulator and service healthy and the service answered in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using var snapshots = JsonDocument.Parse(await listed.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal([801L, 798], snapshots.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(timeout.Token));
    }
}
