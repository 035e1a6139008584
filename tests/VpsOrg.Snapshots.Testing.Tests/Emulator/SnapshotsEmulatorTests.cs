using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Testing.Tests.Emulator;

/// <summary>The emulator's behaviour checked against the SPEC (sections 1, 2 and 5) and the seed page's examples.</summary>
public class SnapshotsEmulatorTests
{
    [Fact]
    public async Task List_SeedWorld_ReturnsSeedExampleVerbatim()
    {
        using var fx = new EmulatorFixture();

        var (status, body) = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/?server_id=12345");

        Assert.Equal(200, status);
        using var seed = JsonDocument.Parse(SeedJson.List);
        Assert.True(JsonElement.DeepEquals(seed.RootElement, body), body.ToString());
    }

    [Fact]
    public void SeedWorld_HasBothServersRunning()
    {
        var emulator = new SnapshotsEmulator();

        Assert.Equal([new EmulatorServer(12345, "web-server-01", "running"), new EmulatorServer(67890, "db-server-01", "running")], emulator.Servers);
        Assert.Equal([801L, 798], emulator.Snapshots.Select(s => s.Id));
    }

    [Theory]
    [InlineData(null, "Authentication credentials were not provided.")]
    [InlineData("Bearer wrong-token", "Invalid token.")]
    [InlineData("Token emulator-token", "Invalid token.")]
    public async Task AnyCall_BadToken_Returns401InDrfShape(string? authorization, string detail)
    {
        using var fx = new EmulatorFixture();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/snapshots/");
        fx.Raw.DefaultRequestHeaders.Authorization = null;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await fx.Raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($$"""{"detail":"{{detail}}"}""", JsonSerializer.Serialize(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement));
    }

    [Fact]
    public async Task Create_ReturnsInProgressWithMessageAndIdsFrom802()
    {
        using var fx = new EmulatorFixture();

        var (status, body) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/", SeedJson.CreateRequest);

        Assert.Equal(201, status);
        using var seed = JsonDocument.Parse(SeedJson.Created);
        Assert.True(JsonElement.DeepEquals(seed.RootElement, body), body.ToString());
    }

    [Fact]
    public async Task Create_CompletesAfterCompletionDelay_WithSize()
    {
        using var fx = new EmulatorFixture(o => o.CompletionDelay = TimeSpan.FromMinutes(3));
        using var client = fx.Emulator.CreateClient();
        var created = await client.CreateAsync(new CreateSnapshotRequest(67890, "db-before"));

        fx.Time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        var pending = (await client.ListAsync(67890)).Results.Single();
        fx.Time.Advance(TimeSpan.FromSeconds(1));
        var done = (await client.ListAsync(67890)).Results.Single();

        Assert.Equal(SnapshotStatus.InProgress, pending.Status);
        Assert.Null(pending.SizeMb);
        Assert.Equal(SnapshotStatus.Completed, done.Status);
        Assert.NotNull(done.SizeMb);
        Assert.Equal(created.Id, done.Id);
    }

    [Fact]
    public async Task Create_SixthSnapshotOnServer_Returns400LimitAndSdkThrowsLimitExceeded()
    {
        using var fx = new EmulatorFixture();
        using var client = fx.Emulator.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync(new CreateSnapshotRequest(12345, $"s{i}"));
        }

        var (status, body) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/", """{"server_id": 12345, "name": "sixth"}""");
        var ex = await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "sixth")));

        Assert.Equal(400, status);
        Assert.StartsWith("Snapshot limit reached", body.GetProperty("non_field_errors")[0].GetString());
        Assert.Equal(5, fx.Emulator.Snapshots.Count(s => s.Server.Id == 12345));
        Assert.Contains("at most 5", ex.Message);
    }

    [Theory]
    [InlineData("""{"name": "x"}""", "server_id", "This field is required.")]
    [InlineData("""{"server_id": 12345}""", "name", "This field is required.")]
    [InlineData("""{"server_id": 12345, "name": ""}""", "name", "This field may not be blank.")]
    [InlineData("""{"server_id": 12345, "name": "bad name!"}""", "name", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens.")]
    [InlineData("""{"server_id": "abc", "name": "x"}""", "server_id", "A valid integer is required.")]
    [InlineData("""{"server_id": 12345, "name": "x", "description": null}""", "description", "This field may not be null.")]
    public async Task Create_BadFields_ReturnsDrfFieldErrors(string json, string field, string message)
    {
        using var fx = new EmulatorFixture();

        var (status, body) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/", json);

        Assert.Equal(400, status);
        Assert.Equal(message, body.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Create_UnknownServer_Returns404()
    {
        using var fx = new EmulatorFixture();

        var (status, body) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/", """{"server_id": 4242, "name": "x"}""");

        Assert.Equal(404, status);
        Assert.Equal("Server not found.", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/snapshots/999/")]
    [InlineData("POST", "/api/v1/snapshots/999/restore/")]
    public async Task UnknownSnapshot_Returns404(string method, string path)
    {
        using var fx = new EmulatorFixture();

        var (status, body) = await fx.SendAsync(new HttpMethod(method), path);

        Assert.Equal(404, status);
        Assert.Equal("Not found.", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Restore_SeedExample_AndHoldsServerRestoringUntilDelay()
    {
        using var fx = new EmulatorFixture(o => o.RestoreDelay = TimeSpan.FromMinutes(5));

        var (status, body) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/801/restore/");
        var (again, againBody) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/798/restore/");
        var during = fx.Emulator.Servers.Single(s => s.Id == 12345).Status;
        fx.Time.Advance(TimeSpan.FromMinutes(5));
        var (after, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/798/restore/");

        Assert.Equal(200, status);
        using var seed = JsonDocument.Parse(SeedJson.Restored);
        Assert.True(JsonElement.DeepEquals(seed.RootElement, body), body.ToString());
        Assert.Equal(400, again);
        Assert.Equal("Server is not in a valid state for restoration.", againBody.GetProperty("detail").GetString());
        Assert.Equal("restoring", during);
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task Restore_InProgressSnapshot_Returns400()
    {
        using var fx = new EmulatorFixture();
        var created = fx.Emulator.AddSnapshot(67890, "fresh", createdAt: fx.Time.GetUtcNow());

        var (status, body) = await fx.SendAsync(HttpMethod.Post, $"/api/v1/snapshots/{created.Id}/restore/");

        Assert.Equal(400, status);
        Assert.Equal("Snapshot is not ready for restoration (status: in_progress).", body.GetProperty("detail").GetString());
        Assert.Equal("running", fx.Emulator.Servers.Single(s => s.Id == 67890).Status);
    }

    [Fact]
    public async Task Delete_Returns204AndSnapshotIsGone()
    {
        using var fx = new EmulatorFixture();

        var (status, _) = await fx.SendAsync(HttpMethod.Delete, "/api/v1/snapshots/798/");
        var (second, _) = await fx.SendAsync(HttpMethod.Delete, "/api/v1/snapshots/798/");

        Assert.Equal(204, status);
        Assert.Equal(404, second);
        Assert.Equal([801L], fx.Emulator.Snapshots.Select(s => s.Id));
    }

    [Fact]
    public async Task List_PastPageSize_HasAbsoluteNextLinksAndSdkReadsEveryPage()
    {
        using var fx = new EmulatorFixture(o => o.PageSize = 2);
        fx.Emulator.AddServer(1, "big");
        for (var i = 0; i < 5; i++)
        {
            fx.Emulator.AddSnapshot(1, $"s{i}", createdAt: fx.Time.GetUtcNow().AddMinutes(-i));
        }

        var (_, first) = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/?server_id=1");
        using var client = fx.Emulator.CreateClient();
        var all = await client.ListAsync(1);

        Assert.Equal(5, first.GetProperty("count").GetInt32());
        Assert.Equal("https://snapshots-emulator.test/api/v1/snapshots/?page=2&server_id=1", first.GetProperty("next").GetString());
        Assert.Equal(2, first.GetProperty("results").GetArrayLength());
        Assert.Equal(5, all.Count);
        Assert.Equal(["s0", "s1", "s2", "s3", "s4"], all.Results.Select(s => s.Name));
    }

    [Fact]
    public async Task Responses_CarryDateOnEmulatorClockAndRequestId()
    {
        using var fx = new EmulatorFixture();

        using var response = await fx.Raw.GetAsync("/api/v1/snapshots/");

        Assert.Equal(fx.Time.GetUtcNow(), response.Headers.Date);
        Assert.StartsWith("emu-", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task InjectFault_StatusWithRetryAfter_AppliesToNextMatchingRequestsOnly()
    {
        using var fx = new EmulatorFixture();
        fx.Emulator.InjectFault(EmulatorFault.Status(503, TimeSpan.FromSeconds(2)), times: 2, method: "GET");

        using var first = await fx.Raw.GetAsync("/api/v1/snapshots/");
        using var post = await fx.Raw.PostAsync("/api/v1/snapshots/", EmulatorFixture.Json("""{"server_id": 67890, "name": "a"}"""));
        using var second = await fx.Raw.GetAsync("/api/v1/snapshots/");
        using var third = await fx.Raw.GetAsync("/api/v1/snapshots/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task InjectFault_CommitThenFail_MakesTheChangeButAnswers500()
    {
        using var fx = new EmulatorFixture();
        fx.Emulator.InjectFault(EmulatorFault.CommitThenFail(), method: "POST");

        var (status, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/snapshots/", """{"server_id": 67890, "name": "committed"}""");

        Assert.Equal(500, status);
        Assert.Single(fx.Emulator.Snapshots, s => s.Name == "committed");
    }

    [Fact]
    public async Task InjectFault_DropConnection_ThrowsLikeSocketsHandlerAndChangesNothing()
    {
        using var fx = new EmulatorFixture();
        fx.Emulator.InjectFault(EmulatorFault.DropConnection(), method: "DELETE");

        await Assert.ThrowsAsync<HttpRequestException>(() => fx.Raw.DeleteAsync("/api/v1/snapshots/801/"));

        Assert.Contains(fx.Emulator.Snapshots, s => s.Id == 801);
        Assert.Equal(0, fx.Emulator.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task InjectFault_HtmlPage_ServesProxyPage()
    {
        using var fx = new EmulatorFixture();
        fx.Emulator.InjectFault(EmulatorFault.HtmlPage(502));

        using var response = await fx.Raw.GetAsync("/api/v1/snapshots/");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>502 Bad Gateway</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InjectFault_Slow_DelaysOnEmulatorClock()
    {
        using var fx = new EmulatorFixture();
        fx.Emulator.InjectFault(EmulatorFault.Slow(TimeSpan.FromSeconds(10)));

        var call = fx.Raw.GetAsync("/api/v1/snapshots/");
        await Task.Yield();
        Assert.False(call.IsCompleted);
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Requests_LogWhatWasReceivedAndAnswered()
    {
        using var fx = new EmulatorFixture();
        using var client = fx.Emulator.CreateClient();

        await client.CreateAsync(new CreateSnapshotRequest(12345, "logged", "d"));
        await client.DeleteAsync(801);

        Assert.Collection(
            fx.Emulator.Requests,
            r =>
            {
                Assert.Equal(("POST", "/api/v1/snapshots/", 201), (r.Method, r.Path, r.StatusCode));
                Assert.Equal("""{"server_id":12345,"name":"logged","description":"d"}""", r.Body);
                Assert.Equal("Bearer emulator-token", r.Authorization);
            },
            r => Assert.Equal(("DELETE", "/api/v1/snapshots/801/", 204), (r.Method, r.Path, r.StatusCode)));
    }

    [Fact]
    public async Task UseSnapshotsEmulator_PointsDiClientAtEmulator()
    {
        var emulator = new SnapshotsEmulator();
        var services = new ServiceCollection();
        services.AddVpsSnapshots(_ => { }).UseSnapshotsEmulator(emulator);
        using var provider = services.BuildServiceProvider();

        var list = await provider.GetRequiredService<ISnapshotsClient>().ListAsync();

        Assert.Equal(2, list.Count);
        Assert.Equal("Bearer emulator-token", emulator.Requests.Single().Authorization);
    }
}
