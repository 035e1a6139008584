using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Aspire.Tests;

/// <summary>
/// <c>AddVpsSnapshotsClient</c> and <c>AddKeyedVpsSnapshotsClient</c> as Aspire's conformance tests read a client
/// integration: where each setting comes from and which wins, both forms of connection string, keyed clients with their
/// own options, start-up errors naming the key, and the health check, traces and metrics registered or not. The
/// clients send to the in-memory emulator, which records where each request went and with which token.
/// </summary>
public sealed class ClientIntegrationTests
{
    private const string Section = AspireVpsSnapshotsExtensions.DefaultConfigSectionName;

    [Fact]
    public async Task ConnectionString_EndpointAndToken_AreWhereTheClientSends()
    {
        var emulator = new SnapshotsEmulator();
        using var host = Build(emulator, new() { ["ConnectionStrings:vps"] = $"Endpoint=http://127.0.0.1:5999/;Token={emulator.Token}" });

        await host.Services.GetRequiredService<ISnapshotsClient>().ListAsync(12345);

        var request = Assert.Single(emulator.Requests);
        Assert.Equal(new Uri("http://127.0.0.1:5999/"), request.BaseAddress);
        Assert.Equal("Bearer " + emulator.Token, request.Authorization);
    }

    [Fact]
    public void ConnectionString_BareUrl_IsTheEndpoint_TheTokenComingFromSettings()
    {
        using var host = Build(new SnapshotsEmulator(), new()
        {
            ["ConnectionStrings:vps"] = "http://127.0.0.1:5998/",
            [Section + ":Token"] = "configured-token",
        });

        var options = Options(host);
        Assert.Equal(new Uri("http://127.0.0.1:5998/"), options.BaseAddress);
        Assert.Equal("configured-token", options.ApiToken);
    }

    [Fact]
    public void Precedence_Section_ThenNamedSection_ThenConnectionString_ThenConfigureSettings()
    {
        var configuration = new Dictionary<string, string?>
        {
            [Section + ":Endpoint"] = "http://127.0.0.1:5001/",
            [Section + ":Token"] = "from-section",
            [Section + ":vps:Endpoint"] = "http://127.0.0.1:5002/",
        };

        // Each source overrides the one before it: the section, then its sub-section named after the connection...
        using (var host = Build(new SnapshotsEmulator(), configuration))
        {
            Assert.Equal(new Uri("http://127.0.0.1:5002/"), Options(host).BaseAddress);
            Assert.Equal("from-section", Options(host).ApiToken);
        }

        // ...then the connection string (its token only when it has one)...
        configuration["ConnectionStrings:vps"] = "Endpoint=http://127.0.0.1:5003/;Token=from-connection-string";
        using (var host = Build(new SnapshotsEmulator(), configuration))
        {
            Assert.Equal(new Uri("http://127.0.0.1:5003/"), Options(host).BaseAddress);
            Assert.Equal("from-connection-string", Options(host).ApiToken);
        }

        // ...then configureSettings, last.
        using (var host = Build(new SnapshotsEmulator(), configuration, settings => settings.Token = "from-code"))
        {
            Assert.Equal(new Uri("http://127.0.0.1:5003/"), Options(host).BaseAddress);
            Assert.Equal("from-code", Options(host).ApiToken);
        }
    }

    [Fact]
    public async Task KeyedClients_EachHaveTheirOwnConnectionAndOptions()
    {
        var eu = new SnapshotsEmulator();
        var us = new SnapshotsEmulator(new SnapshotsEmulatorOptions { Token = "us-token" });
        var builder = Builder(new()
        {
            ["ConnectionStrings:eu"] = $"Endpoint=http://127.0.0.1:5101/;Token={eu.Token}",
            ["ConnectionStrings:us"] = "Endpoint=http://127.0.0.1:5102/;Token=us-token",
        });
        builder.AddKeyedVpsSnapshotsClient("eu");
        builder.AddKeyedVpsSnapshotsClient("us");
        builder.Services.AddHttpClient("VpsOrg.Snapshots.eu").ConfigurePrimaryHttpMessageHandler(eu.CreateHandler);
        builder.Services.AddHttpClient("VpsOrg.Snapshots.us").ConfigurePrimaryHttpMessageHandler(us.CreateHandler);
        using var host = builder.Build();

        await host.Services.GetRequiredKeyedService<ISnapshotsClient>("eu").ListAsync(12345);
        await host.Services.GetRequiredKeyedService<ISnapshotsClient>("us").ListAsync(12345);

        Assert.Equal(new Uri("http://127.0.0.1:5101/"), Assert.Single(eu.Requests).BaseAddress);
        Assert.Equal(new Uri("http://127.0.0.1:5102/"), Assert.Single(us.Requests).BaseAddress);
        Assert.Equal("Bearer us-token", us.Requests[0].Authorization);
        Assert.Null(host.Services.GetService<ISnapshotsClient>());
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<VpsSnapshotsOptions>>();
        Assert.Equal(new Uri("http://127.0.0.1:5101/"), monitor.Get("eu").BaseAddress);
        Assert.Equal(new Uri("http://127.0.0.1:5102/"), monitor.Get("us").BaseAddress);
    }

    [Fact]
    public void NoEndpoint_FailsAtStartUp_NamingTheKeysToSet()
    {
        var builder = Builder(new() { [Section + ":Token"] = "secret-token" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddVpsSnapshotsClient("vps"));

        Assert.Contains("ConnectionStrings:vps", error.Message, StringComparison.Ordinal);
        Assert.Contains(Section + ":Endpoint", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoToken_FailsAtStartUp_NamingTheKeysToSet()
    {
        var builder = Builder(new() { ["ConnectionStrings:vps"] = "http://127.0.0.1:5000/" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddVpsSnapshotsClient("vps"));

        Assert.Contains("Token=", error.Message, StringComparison.Ordinal);
        Assert.Contains(Section + ":Token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Section + ":Endpoint", "not a url", "is not an absolute URL")]
    [InlineData(Section + ":DisableTracing", "maybe", "is not true or false")]
    [InlineData(Section + ":HealthCheckTimeout", "soon", "is not a time span")]
    [InlineData("ConnectionStrings:vps", "Endpoint=relative/path;Token=t", "is not an absolute URL")]
    public void BadSetting_FailsAtStartUp_SayingWhich(string key, string value, string expected)
    {
        var builder = Builder(new() { [Section + ":Endpoint"] = "http://127.0.0.1:5000/", [Section + ":Token"] = "t", [key] = value });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddVpsSnapshotsClient("vps"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_ToString_NeverShowsTheToken()
    {
        var settings = new VpsSnapshotsClientSettings { Endpoint = new Uri("http://127.0.0.1:5000/"), Token = "secret-token" };

        Assert.DoesNotContain("secret-token", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", settings.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, false)]
    [InlineData(false, "true", false)]
    public void HealthCheck_RegisteredUnlessDisabled_InCodeOrConfiguration(bool disableInCode, string? disableInConfiguration, bool registered)
    {
        var emulator = new SnapshotsEmulator();
        using var host = Build(
            emulator,
            new() { ["ConnectionStrings:vps"] = $"Endpoint=http://127.0.0.1:5000/;Token={emulator.Token}", [Section + ":DisableHealthChecks"] = disableInConfiguration },
            settings => settings.DisableHealthChecks |= disableInCode);

        var names = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name);
        Assert.Equal(registered, names.Contains("VpsOrg.Snapshots_vps"));
    }

    [Fact]
    public async Task HealthCheck_OfAKeyedClient_AsksThroughThatClient_WithTheConfiguredTimeout()
    {
        var emulator = new SnapshotsEmulator();
        var builder = Builder(new()
        {
            ["ConnectionStrings:eu"] = $"Endpoint=http://127.0.0.1:5101/;Token={emulator.Token}",
            [Section + ":eu:HealthCheckTimeout"] = "00:00:02",
        });
        builder.AddKeyedVpsSnapshotsClient("eu");
        builder.Services.AddHttpClient("VpsOrg.Snapshots.eu").ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        using var host = builder.Build();

        var registration = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal("VpsOrg.Snapshots_eu", registration.Name);
        Assert.Equal(TimeSpan.FromSeconds(3), registration.Timeout); // the request's 2 s, and a second to say so
        Assert.Equal(HealthStatus.Healthy, report.Entries["VpsOrg.Snapshots_eu"].Status);
        Assert.Equal(new Uri("http://127.0.0.1:5101/"), Assert.Single(emulator.Requests).BaseAddress);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Tracing_TheSdksActivitySource_IsInOpenTelemetry_UnlessDisabled(bool disable, bool traced)
    {
        var emulator = new SnapshotsEmulator();
        var exported = new List<Activity>();
        var builder = Builder(new() { ["ConnectionStrings:vps"] = $"Endpoint=http://127.0.0.1:5000/;Token={emulator.Token}" });
        builder.AddVpsSnapshotsClient("vps", settings => settings.DisableTracing = disable);
        builder.Services.AddHttpClient(VpsSnapshotsServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(exported));
        using var host = builder.Build();
        var tracer = host.Services.GetRequiredService<TracerProvider>();

        await host.Services.GetRequiredService<ISnapshotsClient>().ListAsync(12345);
        tracer.ForceFlush();

        Assert.Equal(traced, exported.Any(a => a.Source.Name == AspireVpsSnapshotsExtensions.TelemetryName));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Metrics_TheSdksMeter_IsInOpenTelemetry_UnlessDisabled(bool disable, bool measured)
    {
        var emulator = new SnapshotsEmulator();
        var exported = new List<Metric>();
        var builder = Builder(new() { ["ConnectionStrings:vps"] = $"Endpoint=http://127.0.0.1:5000/;Token={emulator.Token}" });
        builder.AddVpsSnapshotsClient("vps", settings => settings.DisableMetrics = disable);
        builder.Services.AddHttpClient(VpsSnapshotsServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddInMemoryExporter(exported));
        using var host = builder.Build();
        var meter = host.Services.GetRequiredService<MeterProvider>();

        await host.Services.GetRequiredService<ISnapshotsClient>().ListAsync(12345);
        meter.ForceFlush();

        Assert.Equal(measured, exported.Any(m => m.MeterName == AspireVpsSnapshotsExtensions.TelemetryName));
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        return builder;
    }

    /// <summary>A host with the default client on <paramref name="emulator"/> (in memory, wherever the endpoint says).</summary>
    private static IHost Build(SnapshotsEmulator emulator, Dictionary<string, string?> configuration, Action<VpsSnapshotsClientSettings>? configure = null)
    {
        var builder = Builder(configuration);
        builder.AddVpsSnapshotsClient("vps", configure);
        builder.Services.AddHttpClient(VpsSnapshotsServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        return builder.Build();
    }

    private static VpsSnapshotsOptions Options(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<VpsSnapshotsOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);
}
