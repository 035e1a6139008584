using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

public partial class SnapshotsClientTests
{
    [Fact]
    public async Task CreateAsync_NoDescription_OmitsFieldInsteadOfSendingNull()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.Created, SeedJson.Created);
        using var client = TestClients.Create(api);

        await client.CreateAsync(new CreateSnapshotRequest { ServerId = 12345, Name = "before-update-snapshot" });

        Assert.Equal("""{"server_id":12345,"name":"before-update-snapshot"}""", Assert.Single(api.Requests).Body);
    }

    [Fact]
    public async Task CreateAsync_NullRequest_ThrowsArgumentNullBeforeSending()
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.CreateAsync(null!));

        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("", typeof(ArgumentException))]
    [InlineData(null, typeof(ArgumentNullException))]
    [InlineData("has space", typeof(ArgumentException))]
    [InlineData("dot.name", typeof(ArgumentException))]
    [InlineData("slash/name", typeof(ArgumentException))]
    [InlineData("ünïcode", typeof(ArgumentException))]
    public async Task CreateAsync_IllFormedName_ThrowsBeforeSending(string? name, Type expected)
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, name!)));

        Assert.IsType(expected, ex);
        Assert.Equal("request.Name", ex.ParamName);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("before-update_2025-01-16")]
    [InlineData("ABC_123")]
    public async Task CreateAsync_WellFormedName_IsSent(string name)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.Created, SeedJson.Created);
        using var client = TestClients.Create(api);

        await client.CreateAsync(new CreateSnapshotRequest(12345, name));

        Assert.Contains($"\"name\":\"{name}\"", Assert.Single(api.Requests).Body);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task CreateAsync_NonPositiveServerId_ThrowsBeforeSending(long serverId)
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.CreateAsync(new CreateSnapshotRequest(serverId, "ok")));

        Assert.Equal("request.ServerId", ex.ParamName);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("""{"non_field_errors": ["Snapshot limit reached. Maximum 5 snapshots per server."]}""")]
    [InlineData("""{"detail": "Maximum number of snapshots (5) reached for this server."}""")]
    [InlineData("""{"error": "Snapshot limit exceeded"}""")]
    public async Task CreateAsync_SixthSnapshot_ThrowsSnapshotLimitExceeded(string body)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, body);
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "sixth")));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(body, ex.ResponseBody);
        Assert.Contains(ex.Detail!, ex.Message);
    }

    [Fact]
    public async Task CreateAsync_FieldErrors_ThrowsBadRequestWithErrors()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """{"name": ["Enter a valid name consisting of letters, numbers, underscores or hyphens."], "server_id": ["This field is required."]}""");
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "x")));

        Assert.IsNotType<SnapshotLimitExceededException>(ex);
        Assert.Equal(["This field is required."], ex.Errors["server_id"]);
        Assert.Single(ex.Errors["name"]);
        Assert.Equal(
            "VPS.org API 400 Bad Request on POST /api/v1/snapshots/: name: Enter a valid name consisting of letters, numbers, underscores or hyphens.; server_id: This field is required.",
            ex.Message);
    }

    [Fact]
    public async Task CreateAsync_UnknownServer_ThrowsNotFound()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.NotFound, """{"detail": "Server not found."}""");
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsNotFoundException>(() => client.CreateAsync(new CreateSnapshotRequest(99999, "x")));

        Assert.Equal("Server not found.", ex.Detail);
    }
}
