using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

/// <summary>A create whose outcome is unknown is reconciled against the server's list; no path makes a duplicate.</summary>
public partial class SnapshotsClientTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static string ListWith(params (long Id, string Name, DateTimeOffset CreatedAt, string Status)[] snapshots)
    {
        var results = string.Join(",", snapshots.Select(s => $$"""
            {"id": {{s.Id}}, "server": {"id": 12345, "name": "web-server-01"}, "name": "{{s.Name}}", "status": "{{s.Status}}",
             "size_mb": null, "created_at": "{{s.CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}", "description": null}
            """));
        return $$"""{"count": {{snapshots.Length}}, "next": null, "previous": null, "results": [{{results}}]}""";
    }

    [Fact]
    public async Task CreateAsync_CommitThen500_ReturnsCommittedSnapshotWithoutSecondPost()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow();
        api.Respond(HttpStatusCode.InternalServerError, """{"detail": "A server error occurred."}""", configure: ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.OK, ListWith((802, "before-update", serverNow, "in_progress"), (801, "pre-migration-snapshot", serverNow.AddDays(-1), "completed")), configure: ScriptedHandler.ServerDate(serverNow));
        using var client = TestClients.Create(api);

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Equal(["POST", "GET"], api.Requests.Select(r => r.Method));
        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?server_id=12345", api.Requests[1].Url);
    }

    [Fact]
    public async Task CreateAsync_CommitThenDroppedConnection_ReturnsCommittedSnapshotWithoutSecondPost()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow();
        api.DropConnection()
           .Respond(HttpStatusCode.OK, ListWith((802, "before-update", serverNow, "in_progress")), configure: ScriptedHandler.ServerDate(serverNow));
        using var client = TestClients.Create(api);

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Single(api.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task CreateAsync_CommitThenAttemptTimeout_ReturnsCommittedSnapshot()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow();
        api.Hang()
           .Respond(_ =>
           {
               var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(ListWith((802, "before-update", serverNow, "in_progress"))) };
               response.Headers.Date = serverNow.AddSeconds(3);
               return response;
           });
        using var client = TestClients.Create(api, o => o.Retry.AttemptTimeout = TimeSpan.FromSeconds(3));

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Single(api.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task CreateAsync_500AndNothingCreated_SendsCreateAgainOnce()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow();
        api.Respond(HttpStatusCode.InternalServerError, "{}", configure: ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.OK, ListWith(), configure: ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.Created, SeedJson.Created);
        using var client = TestClients.Create(api);

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update-snapshot")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Equal(["POST", "GET", "POST"], api.Requests.Select(r => r.Method));
        Assert.Equal(api.Requests[0].Body, api.Requests[2].Body);
    }

    [Fact]
    public async Task CreateAsync_OlderSnapshotWithSameName_IsNotMistakenForThisCreate()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow();
        api.Respond(HttpStatusCode.BadGateway, "<html><title>502 Bad Gateway</title></html>", "text/html", ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.OK, ListWith((700, "nightly", serverNow.AddMinutes(-10), "completed")), configure: ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.Created, SeedJson.Created.Replace("before-update-snapshot", "nightly"));
        using var client = TestClients.Create(api);

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Equal(2, api.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task CreateAsync_ServerClockAheadOfOurs_MatchesOnServerClock()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow().AddHours(1).AddSeconds(17);
        api.Respond(HttpStatusCode.InternalServerError, "{}", configure: ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.OK, ListWith((802, "before-update", serverNow, "in_progress"), (790, "before-update", serverNow.AddSeconds(-30), "completed")), configure: ScriptedHandler.ServerDate(serverNow));
        using var client = TestClients.Create(api);

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Single(api.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task CreateAsync_ServerClockBehindOurs_StillFindsCommittedSnapshot()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow().AddMinutes(-7);
        api.Respond(HttpStatusCode.GatewayTimeout, "{}", configure: ScriptedHandler.ServerDate(serverNow))
           .Respond(HttpStatusCode.OK, ListWith((802, "before-update", serverNow, "in_progress")), configure: ScriptedHandler.ServerDate(serverNow));
        using var client = TestClients.Create(api);

        var snapshot = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "before-update")), Step);

        Assert.Equal(802, snapshot.Id);
        Assert.Single(api.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task CreateAsync_500Forever_StopsAfterMaxRetriesWithServerException()
    {
        using var api = new ScriptedHandler();
        var serverNow = api.Time.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            api.Respond(HttpStatusCode.InternalServerError, "{}", configure: ScriptedHandler.ServerDate(serverNow))
               .Respond(HttpStatusCode.OK, ListWith(), configure: ScriptedHandler.ServerDate(serverNow));
        }

        using var client = TestClients.Create(api, o => o.Retry.MaxRetries = 2);

        await Assert.ThrowsAsync<VpsServerException>(() => api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "x")), Step));

        Assert.Equal(3, api.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(3, api.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task CreateAsync_LimitReached_IsNotRetriedOrReconciled()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """{"non_field_errors": ["Snapshot limit reached (5 per server)."]}""");
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "x")), Step));

        Assert.Single(api.Requests);
    }
}
