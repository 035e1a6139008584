using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;
using Xunit;

namespace VpsOrg.Snapshots.Tests;

public partial class SnapshotsClientTests
{
    [Fact]
    public async Task RestoreAsync_SeedExample_SendsExactRequestAndDecodesResult()
    {
        using var api = new FakeApi().Respond(HttpStatusCode.OK, SeedJson.Restored);
        using var client = api.CreateClient();

        var result = await client.RestoreAsync(801);

        var request = Assert.Single(api.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://admin.vps.org/api/v1/snapshots/801/restore/", request.Url);
        Assert.Equal("Bearer " + FakeApi.Token, request.Authorization);
        // An empty body (Content-Length: 0), so .NET's connection pool never resends a restore on its own.
        Assert.Equal(string.Empty, request.Body);
        Assert.Equal(0, request.Message!.Content!.Headers.ContentLength);
        Assert.Null(request.ContentType);

        Assert.Equal("success", result.Status);
        Assert.Equal("Server is being restored from snapshot. This may take 5-15 minutes.", result.Message);
        Assert.Equal(801, result.Snapshot.Id);
        Assert.Equal("pre-migration-snapshot", result.Snapshot.Name);
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 18, 30, 0, TimeSpan.Zero), result.Snapshot.CreatedAt);
        Assert.Equal(12345, result.Server.Id);
        Assert.Equal("web-server-01", result.Server.Name);
        Assert.Equal("restoring", result.Server.Status);
    }

    [Fact]
    public async Task RestoreAsync_ServerNotInValidState_ThrowsBadRequestNotLimit()
    {
        using var api = new FakeApi().Respond(HttpStatusCode.BadRequest, """{"detail": "Server is not in a valid state for restoration."}""");
        using var client = api.CreateClient();

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.RestoreAsync(801));

        Assert.Equal("VPS.org API 400 Bad Request on POST /api/v1/snapshots/801/restore/: Server is not in a valid state for restoration.", ex.Message);
    }

    [Fact]
    public async Task RestoreAsync_UnknownSnapshot_ThrowsNotFound()
    {
        using var api = new FakeApi().Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = api.CreateClient();

        await Assert.ThrowsAsync<VpsNotFoundException>(() => client.RestoreAsync(5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-801)]
    public async Task RestoreAsync_NonPositiveId_ThrowsBeforeSending(long id)
    {
        using var api = new FakeApi();
        using var client = api.CreateClient();

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.RestoreAsync(id));

        Assert.Equal("snapshotId", ex.ParamName);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task DeleteAsync_204_SendsExactRequest()
    {
        using var api = new FakeApi().Respond(HttpStatusCode.NoContent);
        using var client = api.CreateClient();

        await client.DeleteAsync(801);

        var request = Assert.Single(api.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("https://admin.vps.org/api/v1/snapshots/801/", request.Url);
        Assert.Equal("Bearer " + FakeApi.Token, request.Authorization);
        Assert.Equal(string.Empty, request.Body);
        Assert.Null(request.ContentType);
    }

    [Fact]
    public async Task DeleteAsync_404OnFirstAttempt_ThrowsNotFoundWithActionableMessage()
    {
        using var api = new FakeApi().Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = api.CreateClient();

        var ex = await Assert.ThrowsAsync<VpsNotFoundException>(() => client.DeleteAsync(5));

        Assert.Equal("VPS.org API 404 Not Found on DELETE /api/v1/snapshots/5/: Not found.", ex.Message);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("Not found.", ex.Detail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task DeleteAsync_NonPositiveId_ThrowsBeforeSending(long id)
    {
        using var api = new FakeApi();
        using var client = api.CreateClient();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DeleteAsync(id));

        Assert.Empty(api.Requests);
    }
}
