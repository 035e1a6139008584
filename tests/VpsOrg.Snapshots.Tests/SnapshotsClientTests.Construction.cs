using System.Net;
using RichardSzalay.MockHttp;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

public partial class SnapshotsClientTests
{
    [Fact]
    public async Task Constructor_CallerHttpClient_SendsTokenAndIsNeverDisposed()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, "https://admin.vps.org/api/v1/snapshots/")
            .WithHeaders("Authorization", "Bearer " + TestClients.Token)
            .Respond("application/json", SeedJson.List);
        var http = mock.ToHttpClient();

        using (var client = new SnapshotsClient(http, new VpsSnapshotsOptions { ApiToken = TestClients.Token }))
        {
            Assert.Equal(2, (await client.ListAsync()).Count);
        }

        mock.VerifyNoOutstandingExpectation();
        mock.Expect("https://admin.vps.org/api/v1/snapshots/").Respond(HttpStatusCode.OK);
        using var stillUsable = await http.GetAsync(new Uri("https://admin.vps.org/api/v1/snapshots/"));
        Assert.Equal(HttpStatusCode.OK, stillUsable.StatusCode);
    }

    [Fact]
    public async Task CallerHttpClient_IsOnlyTheTransport_TheCallsTimeoutEndsAHungCall()
    {
        // The caller's HttpClient sends under the SDK's pipeline: the attempt is bounded by what is left of the Timeout.
        using var api = new ScriptedHandler().Hang();
        using var http = new HttpClient(api, disposeHandler: false);
        using var client = new SnapshotsClient(http, new VpsSnapshotsOptions { ApiToken = TestClients.Token, Timeout = TimeSpan.FromSeconds(5) }, null, api.Time);

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => api.Time.DriveAsync(client.ListAsync(), TimeSpan.FromMilliseconds(100)));

        Assert.Contains("did not complete within its Timeout of 5 s", ex.Message);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Constructor_PrimaryHandler_IsNotDisposedWithClient()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond("application/json", """{"count":0,"results":[]}""");
        var options = new VpsSnapshotsOptions { ApiToken = TestClients.Token };

        new SnapshotsClient(options, mock, null, null).Dispose();
        using var second = new SnapshotsClient(options, mock, null, null);

        Assert.Equal(0, (await second.ListAsync()).Count);
    }

    [Fact]
    public async Task Dispose_OwnedHttpClient_IsDisposed()
    {
        var client = new SnapshotsClient(new VpsSnapshotsOptions { ApiToken = TestClients.Token, BaseAddress = new Uri("http://127.0.0.1:1/") });
        client.Dispose();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ListAsync());
    }

    [Theory]
    [InlineData("http://admin.vps.org/")]
    [InlineData("ftp://admin.vps.org/")]
    [InlineData("http://10.0.0.5/")]
    public void Constructor_NonHttpsNonLoopback_Throws(string address)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SnapshotsClient(new VpsSnapshotsOptions { ApiToken = "t", BaseAddress = new Uri(address) }));

        Assert.Contains("https", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://[::1]:5080/")]
    [InlineData("https://admin.vps.org/")]
    public void Constructor_HttpsOrLoopback_Accepted(string address)
    {
        using var client = new SnapshotsClient(new VpsSnapshotsOptions { ApiToken = "t", BaseAddress = new Uri(address) });

        Assert.Equal(new Uri(address), client.BaseAddress);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_MissingToken_ThrowsNamingApiToken(string? token)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SnapshotsClient(new VpsSnapshotsOptions { ApiToken = token }));

        Assert.Contains("ApiToken", ex.Message);
        Assert.Equal("options.ApiToken", ex.ParamName);
    }

    [Theory]
    [InlineData(101, 1, 30, "MaxRetries")]
    [InlineData(-1, 1, 30, "MaxRetries")]
    [InlineData(3, -1, 30, "BaseDelay")]
    [InlineData(3, 10, 5, "MaxDelay must be at least BaseDelay")]
    public void Constructor_And_AddVpsSnapshots_RejectTheSameRetryOptions(int maxRetries, int baseDelaySeconds, int maxDelaySeconds, string named)
    {
        void Configure(VpsSnapshotsOptions o)
        {
            o.ApiToken = "t";
            o.Retry.MaxRetries = maxRetries;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(baseDelaySeconds);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds);
        }

        var options = new VpsSnapshotsOptions();
        Configure(options);
        var direct = Assert.Throws<ArgumentException>(() => new SnapshotsClient(options));

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.VpsSnapshotsServiceCollectionExtensions.AddVpsSnapshots(services, Configure);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var viaDi = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<VpsSnapshotsOptions>>(provider).Value);

        Assert.Contains(named, direct.Message);
        Assert.Contains(named, viaDi.Message);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new SnapshotsClient((VpsSnapshotsOptions)null!));
        Assert.Throws<ArgumentNullException>(() => new SnapshotsClient(null!, new VpsSnapshotsOptions { ApiToken = "t" }));
        Assert.Throws<ArgumentNullException>(() => new SnapshotsClient(new HttpClient(), null!));
    }

    [Fact]
    public void ToString_NeverContainsToken()
    {
        var options = new VpsSnapshotsOptions { ApiToken = TestClients.Token };
        using var client = new SnapshotsClient(options);

        Assert.DoesNotContain(TestClients.Token, client.ToString());
        Assert.DoesNotContain(TestClients.Token, options.ToString());
        Assert.Contains("***", options.ToString());
    }

    [Fact]
    public async Task TokenProvider_IsAskedOnEveryRequest()
    {
        var calls = 0;
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{"count":0,"results":[]}""")
            .Respond(HttpStatusCode.OK, """{"count":0,"results":[]}""");
        using var client = TestClients.Create(api, o =>
        {
            o.ApiToken = null;
            o.TokenProvider = _ => new ValueTask<string>("rotated-" + Interlocked.Increment(ref calls));
        });

        await client.ListAsync();
        await client.ListAsync();

        Assert.Equal(["Bearer rotated-1", "Bearer rotated-2"], api.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Cancellation_BeforeSending_ThrowsOperationCanceled()
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListAsync(cancellationToken: cts.Token));
        Assert.Empty(api.Requests);
    }
}
