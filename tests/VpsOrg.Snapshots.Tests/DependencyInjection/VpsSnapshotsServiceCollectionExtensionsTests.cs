using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.DependencyInjection;

public class VpsSnapshotsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddVpsSnapshots_Action_ResolvesWorkingClientWithAuthAndRetry()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.ServiceUnavailable, "{}", configure: r => r.Headers.Add("Retry-After", "0")).Respond(HttpStatusCode.OK, SeedJson.List);
        var services = new ServiceCollection();
        services.AddVpsSnapshots(o => o.ApiToken = TestClients.Token)
            .ConfigurePrimaryHttpMessageHandler(() => api);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISnapshotsClient>();
        var list = await client.ListAsync();

        Assert.Equal(2, list.Count);
        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, r => Assert.Equal("Bearer " + TestClients.Token, r.Authorization));
        Assert.IsNotAssignableFrom<IDisposable>(client);
    }

    [Fact]
    public async Task AddVpsSnapshots_Configuration_BindsSectionOfReadme()
    {
        const string appsettings = """
            {
              "VpsSnapshots": {
                "ApiToken": "from-config-token",
                "BaseAddress": "https://admin.vps.org/",
                "Timeout": "00:01:00",
                "Retry": { "MaxRetries": 5, "BaseDelay": "00:00:00.500", "MaxDelay": "00:00:10", "AttemptTimeout": "00:00:20" }
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appsettings))).Build();
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        var services = new ServiceCollection();
        services.AddVpsSnapshots(configuration.GetSection("VpsSnapshots")).ConfigurePrimaryHttpMessageHandler(() => api);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<VpsSnapshotsOptions>>().Value;
        await provider.GetRequiredService<ISnapshotsClient>().ListAsync();

        Assert.Equal(TimeSpan.FromMinutes(1), options.Timeout);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Retry.AttemptTimeout);
        Assert.Equal("Bearer from-config-token", Assert.Single(api.Requests).Authorization);
    }

    [Fact]
    public void AddVpsSnapshots_MissingToken_FailsValidationNamingApiToken()
    {
        var services = new ServiceCollection();
        services.AddVpsSnapshots(_ => { });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VpsSnapshotsOptions>>().Value);

        Assert.Contains("ApiToken", ex.Message);
    }

    [Fact]
    public async Task AddVpsSnapshots_MissingToken_ValidateOnStartFailsBeforeAnyRequest()
    {
        using var api = new ScriptedHandler();
        var services = new ServiceCollection();
        services.AddVpsSnapshots(o => o.BaseAddress = new Uri("http://example.com/")).ConfigurePrimaryHttpMessageHandler(() => api);
        using var provider = services.BuildServiceProvider();
        var startup = provider.GetRequiredService<IStartupValidator>();

        var ex = Assert.Throws<OptionsValidationException>(startup.Validate);

        Assert.Contains("ApiToken", ex.Message);
        Assert.Contains("https", ex.Message);
        Assert.Empty(api.Requests);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AddVpsSnapshots_Named_ResolvesKeyedClientsPerAccount()
    {
        using var eu = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        using var us = new ScriptedHandler().Respond(HttpStatusCode.OK, """{"count": 0, "results": []}""");
        var services = new ServiceCollection();
        services.AddVpsSnapshots("eu", o => o.ApiToken = "eu-token").ConfigurePrimaryHttpMessageHandler(() => eu);
        services.AddVpsSnapshots("us", o => o.ApiToken = "us-token").ConfigurePrimaryHttpMessageHandler(() => us);
        using var provider = services.BuildServiceProvider();

        var euList = await provider.GetRequiredKeyedService<ISnapshotsClient>("eu").ListAsync();
        var usList = await provider.GetRequiredKeyedService<ISnapshotsClient>("us").ListAsync();

        Assert.Equal(2, euList.Count);
        Assert.Equal(0, usList.Count);
        Assert.Equal("Bearer eu-token", Assert.Single(eu.Requests).Authorization);
        Assert.Equal("Bearer us-token", Assert.Single(us.Requests).Authorization);
        Assert.Null(provider.GetService<ISnapshotsClient>());
    }

    [Fact]
    public async Task AddVpsSnapshots_TokenProvider_IsUsedInsteadOfFixedToken()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        var services = new ServiceCollection();
        services.AddVpsSnapshots(o => o.TokenProvider = _ => new ValueTask<string>("vault-token")).ConfigurePrimaryHttpMessageHandler(() => api);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ISnapshotsClient>().ListAsync();

        Assert.Equal("Bearer vault-token", Assert.Single(api.Requests).Authorization);
    }

    [Fact]
    public async Task AddVpsSnapshots_LogsOneLinePerCallInsteadOfFactoryLines()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddVpsSnapshots(o => o.ApiToken = TestClients.Token).ConfigurePrimaryHttpMessageHandler(() => api);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ISnapshotsClient>().ListAsync();

        var record = Assert.Single(collector.GetSnapshot());
        Assert.StartsWith("VPS.org GET /api/v1/snapshots/ -> 200 in ", record.Message);
    }

    [Fact]
    public async Task AddVpsSnapshots_FactoryLoggingAddedBack_NeverShowsToken()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddVpsSnapshots(o => o.ApiToken = TestClients.Token).ConfigurePrimaryHttpMessageHandler(() => api).AddDefaultLogger();
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ISnapshotsClient>().ListAsync();

        var records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("Authorization", StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain(TestClients.Token, r.Message));
        Assert.Contains(records, r => r.Level == LogLevel.Information && r.Message.Contains("VPS.org GET /api/v1/snapshots/ -> 200", StringComparison.Ordinal));
    }

    [Fact]
    public void AddVpsSnapshots_ReturnsBuilderOfNamedHttpClient()
    {
        var services = new ServiceCollection();

        var builder = services.AddVpsSnapshots(o => o.ApiToken = "t");
        var named = services.AddVpsSnapshots("eu", o => o.ApiToken = "t");

        Assert.Equal(VpsSnapshotsServiceCollectionExtensions.HttpClientName, builder.Name);
        Assert.Equal(VpsSnapshotsServiceCollectionExtensions.HttpClientName + ".eu", named.Name);
    }
}
