using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Docs.Tests.Snippets;
using VpsOrg.Snapshots.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Docs.Tests;

/// <summary>Each block the docs show, run to its end against the in-memory emulator on fake time.</summary>
public sealed class SnippetTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task GettingStarted_Example_RunsToItsEnd_AndLeavesNoSnapshotBehind()
    {
        var time = new FakeTimeProvider();
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = time });
        using var client = emulator.CreateClient();

        await time.DriveAsync(GettingStarted.RunAsync(client), Step);

        Assert.Equal([801L, 798], emulator.Snapshots.Select(s => s.Id));
        var calls = emulator.Requests.Select(r => r.Method).Where(m => m != "GET").ToList();
        Assert.Equal(["POST", "POST", "DELETE"], calls); // create, restore, delete: each once
        Assert.All(emulator.Requests, r => Assert.InRange(r.StatusCode, 200, 299));
    }

    [Fact]
    public void GettingStarted_Client_IsMadeFromTheTokenVariable_AndRefusedWithoutOne()
    {
        var saved = Environment.GetEnvironmentVariable("VPS_API_TOKEN");
        try
        {
            Environment.SetEnvironmentVariable("VPS_API_TOKEN", "a-token-for-this-test");
            GettingStarted.MakeClient();

            Environment.SetEnvironmentVariable("VPS_API_TOKEN", null);
            var refused = Assert.ThrowsAny<Exception>(GettingStarted.MakeClient);
            Assert.Contains("ApiToken", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VPS_API_TOKEN", saved);
        }
    }

    [Fact]
    public async Task Configuration_TheArticlesAppSettings_ReachTheEmulator_WithTheirOwnToken()
    {
        // UseSnapshotsEmulator keeps a token the configuration set: the emulator is given that token here.
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { Token = "set-me-outside-source-control" });
        using var host = Configuration.Build(["--contentRoot", AppContext.BaseDirectory], vps => vps.UseSnapshotsEmulator(emulator));

        var listed = await host.Services.GetRequiredService<Deployer>().BeforeDeployAsync();

        Assert.Equal([801L, 798], listed.Results.Select(s => s.Id));
        var request = Assert.Single(emulator.Requests);
        Assert.Equal("Bearer set-me-outside-source-control", request.Authorization);
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<VpsSnapshotsOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);
        Assert.Equal(TimeSpan.FromSeconds(100), options.Timeout);
        Assert.Equal(3, options.Retry.MaxRetries);
    }

    [Fact]
    public async Task Configuration_AConfiguredToken_ThroughTheEmulatorWithItsDefaultToken_IsA401_AsTheTestingArticleWarns()
    {
        var emulator = new SnapshotsEmulator();
        using var host = Configuration.Build(["--contentRoot", AppContext.BaseDirectory], vps => vps.UseSnapshotsEmulator(emulator));

        await Assert.ThrowsAsync<VpsAuthenticationException>(() => host.Services.GetRequiredService<Deployer>().BeforeDeployAsync());
    }

    [Fact]
    public async Task Lifecycle_RollBack_TakesTheSafetySnapshot_ThenRestoresTheOneBefore()
    {
        var time = new FakeTimeProvider();
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = time });
        using var client = emulator.CreateClient();

        var result = await time.DriveAsync(Snippets.Lifecycle.RollBackAsync(client), Step);

        var before = emulator.Snapshots.Single(s => s.Name == "before-upgrade");
        Assert.Equal(SnapshotStatus.Completed, emulator.Snapshots.Single(s => s.Id == result.SafetySnapshot!.Id).Status);
        Assert.StartsWith($"pre-restore-{before.Id}-", result.SafetySnapshot!.Name, StringComparison.Ordinal);
        var restore = Assert.Single(emulator.Requests, r => r.Path.EndsWith("/restore/", StringComparison.Ordinal));
        Assert.Contains($"/{before.Id}/", restore.Path, StringComparison.Ordinal);
    }
}

/// <summary>The Aspire article's settings file, read by the client integration as a service would.</summary>
public sealed class AspireSettingsTests
{
    [Fact]
    public async Task AspireArticle_Settings_AreReadByTheClientIntegration_WithTheAppHostsConnectionString()
    {
        var emulator = new SnapshotsEmulator();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "aspire.appsettings.json"));
        builder.Configuration["ConnectionStrings:vps"] = $"Endpoint=http://127.0.0.1:5999/;Token={emulator.Token}";

        builder.AddVpsSnapshotsClient("vps");
        builder.Services.AddHttpClient(VpsSnapshotsServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler); // the emulator as the transport
        using var app = builder.Build();

        var listed = await app.Services.GetRequiredService<ISnapshotsClient>().ListAsync(12345);
        Assert.Equal([801L, 798], listed.Results.Select(s => s.Id));
        var checks = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value;
        Assert.Contains(checks.Registrations, r => r.Name == "VpsOrg.Snapshots_vps");
    }
}
