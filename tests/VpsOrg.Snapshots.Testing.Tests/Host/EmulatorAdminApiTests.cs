using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Emulator;

namespace VpsOrg.Snapshots.Testing.Tests.Host;

/// <summary>The admin API under /_emulator/, end to end over loopback HTTP, as a test suite in any language would use it.</summary>
public sealed class EmulatorAdminApiTests : IAsyncLifetime
{
    private const string AdminToken = "admin-7f3e";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));
    private EmulatorHost _host = null!;
    private HttpClient _admin = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = _clock }), manualClock: _clock, adminToken: AdminToken);
        _admin = new HttpClient { BaseAddress = new Uri(_host.BaseAddress, "_emulator/") };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        _api = new HttpClient { BaseAddress = new Uri(_host.BaseAddress, "api/v1/snapshots/") };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SnapshotsEmulator.DefaultToken);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _api.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Reset_GoesBackToTheStartWorldAndClearsFaultsAndRequests()
    {
        await PostAsync(_api, string.Empty, """{"server_id": 12345, "name": "made-by-test"}""", HttpStatusCode.Created);
        await PostAsync(_admin, "faults", """{"kind": "status", "status": 500, "times": 5}""", HttpStatusCode.NoContent);

        await PostAsync(_admin, "reset", null, HttpStatusCode.NoContent);

        using var world = await GetJsonAsync(_admin, "world");
        Assert.Equal([801L, 798], world.RootElement.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));
        using var requests = await GetJsonAsync(_admin, "requests");
        Assert.Equal(0, requests.RootElement.GetArrayLength());
        using var list = await _api.GetAsync(string.Empty);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task World_IsReadInTheApisShapeAndReplacedWhole()
    {
        using (var seed = await GetJsonAsync(_admin, "world"))
        {
            var server = seed.RootElement.GetProperty("servers")[0];
            Assert.Equal(12345, server.GetProperty("id").GetInt64());
            Assert.Equal("web-server-01", server.GetProperty("name").GetString());
            Assert.Equal("running", server.GetProperty("status").GetString());
            var snapshot = seed.RootElement.GetProperty("snapshots")[0];
            Assert.Equal("pre-migration-snapshot", snapshot.GetProperty("name").GetString());
            Assert.Equal(5120, snapshot.GetProperty("size_mb").GetInt64());
            Assert.Equal("2025-01-15T18:30:00Z", snapshot.GetProperty("created_at").GetString());
        }

        await SendAsync(HttpMethod.Put, _admin, "world", """
            {"servers": [{"id": 7, "name": "build-box", "status": "running"}],
             "snapshots": [{"id": 40, "server": {"id": 7, "name": "build-box"}, "name": "broken", "status": "failed", "size_mb": null,
                            "created_at": "2025-01-10T00:00:00Z", "description": null}]}
            """, HttpStatusCode.NoContent);

        using var list = await GetJsonAsync(_api, "?server_id=7");
        var only = Assert.Single(list.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal(40, only.GetProperty("id").GetInt64());
        Assert.Equal("failed", only.GetProperty("status").GetString());
        using var gone = await _api.GetAsync("?server_id=12345");
        Assert.Equal(0, JsonDocument.Parse(await gone.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Faults_AnswerTheMatchingRequestsThenStop()
    {
        await PostAsync(_admin, "faults", """{"kind": "status", "status": 503, "retry_after_seconds": 1, "times": 2, "method": "GET", "path_contains": "/snapshots/"}""", HttpStatusCode.NoContent);

        using var first = await _api.GetAsync(string.Empty);
        using var second = await _api.GetAsync(string.Empty);
        using var third = await _api.GetAsync(string.Empty);

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter!.Delta);
    }

    [Theory]
    [InlineData("""{"kind": "sideways"}""", "Unknown fault kind 'sideways'")]
    [InlineData("""{"kind": "slow"}""", "delay_seconds")]
    [InlineData("""{"kind": "status", "times": 0}""", "times must be at least 1")]
    [InlineData("""not json""", "")]
    public async Task Faults_BadBody_Is400WithADetail(string body, string detail)
    {
        using var response = await _admin.PostAsync("faults", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Requests_LogTheApiTrafficOnlyAndCanBeCleared()
    {
        await PostAsync(_admin, "faults", """{"kind": "drop", "method": "DELETE"}""", HttpStatusCode.NoContent);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _api.DeleteAsync("801/"));
        using var restore = await _api.PostAsync("801/restore/", null);

        using var log = await GetJsonAsync(_admin, "requests");
        var entries = log.RootElement.EnumerateArray().ToList();
        Assert.Equal(["DELETE", "POST"], entries.Select(e => e.GetProperty("method").GetString()));
        Assert.Equal([0, 200], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal("/api/v1/snapshots/801/restore/", entries[1].GetProperty("path").GetString());
        Assert.Equal("DropConnection", entries[0].GetProperty("fault").GetString());

        await SendAsync(HttpMethod.Delete, _admin, "requests", null, HttpStatusCode.NoContent);
        using var empty = await GetJsonAsync(_admin, "requests");
        Assert.Equal(0, empty.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task ClockAdvance_MovesTheManualClock()
    {
        await PostAsync(_api, string.Empty, """{"server_id": 12345, "name": "tick"}""", HttpStatusCode.Created);

        using var moved = await _admin.PostAsync("clock/advance", Json("""{"seconds": 3}"""));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("2025-01-16T16:15:03Z", JsonDocument.Parse(await moved.Content.ReadAsStringAsync()).RootElement.GetProperty("now").GetString());
        using var list = await GetJsonAsync(_api, "?server_id=12345");
        Assert.Equal("completed", list.RootElement.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ClockAdvance_WithoutManualClock_Is400()
    {
        await using var host = await EmulatorHost.StartAsync(new SnapshotsEmulator());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await http.PostAsync("_emulator/clock/advance", Json("""{"seconds": 3}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("--manual-clock", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminToken_IsRequiredOnAdminRoutesAndNeverOpensTheApi()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        using var noToken = await anonymous.GetAsync("_emulator/world");
        using var apiTokenOnAdmin = await _api.GetAsync("/_emulator/world");
        using var adminTokenOnApi = await _admin.GetAsync("/api/v1/snapshots/");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apiTokenOnAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, adminTokenOnApi.StatusCode);
    }

    [Theory]
    [InlineData("GET", "nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "reset", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PATCH", "world", HttpStatusCode.MethodNotAllowed)]
    public async Task UnknownRouteOrMethod_IsAnsweredAsSuch(string method, string route, HttpStatusCode expected)
    {
        using var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://10.1.2.3:5080")]
    [InlineData("http://example.com:5080")]
    [InlineData("http://*:5080")]
    [InlineData("not a url")]
    public async Task StartAsync_AnythingButLoopback_IsRefused(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(new SnapshotsEmulator(), url));
    }

    [Fact]
    public void WorldFileAtStart_IsWhatResetGoesBackTo()
    {
        var emulator = new SnapshotsEmulator();
        var world = Encoding.UTF8.GetBytes("""{"servers": [{"id": 1, "name": "solo"}], "snapshots": []}""");

        AdminApi.LoadWorld(emulator, world, asStart: true);
        emulator.AddServer(2, "later");
        emulator.Reset();

        Assert.Equal([1L], emulator.Servers.Select(s => s.Id));
        Assert.Empty(emulator.Snapshots);
    }

    [Theory]
    [InlineData(new[] { "--page-size", "0" }, "--page-size")]
    [InlineData(new[] { "--completion-delay", "soon" }, "--completion-delay")]
    [InlineData(new[] { "--world", "/no/such/world.json" }, "--world")]
    [InlineData(new[] { "--token" }, "--token needs a value")]
    [InlineData(new[] { "--frobnicate" }, "'--frobnicate'")]
    public void Settings_BadOption_IsRefusedNamingIt(string[] args, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() => EmulatorSettings.Parse(args));

        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Settings_ManualClock_IsTheEmulatorsClock()
    {
        var settings = EmulatorSettings.Parse(["--manual-clock", "--admin-token", "a", "--urls", "http://127.0.0.1:0"]);

        Assert.Same(settings.ManualClock, settings.Options.TimeProvider);
        Assert.Equal("a", settings.AdminToken);
        Assert.Equal("http://127.0.0.1:0", settings.Url);
    }

    [Fact]
    public async Task Health_NeedsNoToken_AndIsNotLogged()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };

        using var health = await anonymous.GetAsync("_emulator/health");
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Empty(_host.Emulator.Requests);
    }

    [Fact]
    public async Task RequestLog_KeepsTheLatestN_AndSaysHowManyItDropped()
    {
        await using var host = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { RequestLogLimit = 3 }));
        using var api = new HttpClient { BaseAddress = new Uri(host.BaseAddress, "api/v1/snapshots/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SnapshotsEmulator.DefaultToken);
        using var admin = new HttpClient { BaseAddress = new Uri(host.BaseAddress, "_emulator/") };
        for (var server = 1; server <= 5; server++)
        {
            using var _ = await api.GetAsync("?server_id=" + server);
        }

        using var requests = await admin.GetAsync("requests");
        using var logged = JsonDocument.Parse(await requests.Content.ReadAsStringAsync());
        using var health = JsonDocument.Parse(await admin.GetStringAsync("health"));

        Assert.Equal(["?server_id=3", "?server_id=4", "?server_id=5"], logged.RootElement.EnumerateArray().Select(r => r.GetProperty("query").GetString()));
        Assert.Equal("2", requests.Headers.GetValues("X-Emulator-Requests-Dropped").Single());
        Assert.Equal(2, health.RootElement.GetProperty("requests_dropped").GetInt64());
        Assert.Equal(3, health.RootElement.GetProperty("requests_logged").GetInt64());
    }

    [Fact]
    public void Settings_TheToolsRequestLog_Is10000ByDefault_AndSetByItsOption()
    {
        Assert.Equal(10_000, EmulatorSettings.Parse([]).Options.RequestLogLimit);
        Assert.Equal(0, EmulatorSettings.Parse(["--request-log-limit", "0"]).Options.RequestLogLimit);
        Assert.Null(new SnapshotsEmulatorOptions().RequestLogLimit);
        Assert.Contains("--request-log-limit", Assert.Throws<ArgumentException>(() => EmulatorSettings.Parse(["--request-log-limit", "-1"])).Message);
    }

    [Fact]
    public void Settings_TokensMayComeFromTheEnvironment_SoNoCommandLineShowsThem()
    {
        var environment = new Dictionary<string, string> { ["VPS_EMULATOR_TOKEN"] = "from-env", ["VPS_EMULATOR_ADMIN_TOKEN"] = "admin-from-env" };

        var settings = EmulatorSettings.Parse([], name => environment.GetValueOrDefault(name));

        Assert.Equal("from-env", settings.Options.Token);
        Assert.Equal("admin-from-env", settings.AdminToken);
        Assert.Equal("given", EmulatorSettings.Parse(["--token", "given"], name => environment.GetValueOrDefault(name)).Options.Token);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task RateLimit_IsSetReadAndLiftedOverTheAdminApi()
    {
        await SendAsync(HttpMethod.Put, _admin, "rate-limit", """{"rate": "1/s", "burst": 1}""", HttpStatusCode.OK);
        using var set = await GetJsonAsync(_admin, "rate-limit");
        using var allowed = await _api.GetAsync(string.Empty);
        using var throttled = await _api.GetAsync(string.Empty);
        await SendAsync(HttpMethod.Put, _admin, "rate-limit", """{"rate": null}""", HttpStatusCode.OK);
        using var lifted = await _api.GetAsync(string.Empty);

        Assert.Equal("1/s", set.RootElement.GetProperty("rate").GetString());
        Assert.Equal(1, set.RootElement.GetProperty("burst").GetInt32());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
    }

    private static async Task PostAsync(HttpClient client, string path, string? body, HttpStatusCode expected) =>
        await SendAsync(HttpMethod.Post, client, path, body, expected);

    private static async Task SendAsync(HttpMethod method, HttpClient client, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
