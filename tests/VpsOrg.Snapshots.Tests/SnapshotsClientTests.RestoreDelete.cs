using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

public partial class SnapshotsClientTests
{
    [Fact]
    public async Task RestoreAsync_ServerNotInValidState_ThrowsBadRequestNotLimit()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """{"detail": "Server is not in a valid state for restoration."}""");
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.RestoreAsync(801));

        Assert.Equal("VPS.org API 400 Bad Request on POST /api/v1/snapshots/801/restore/: Server is not in a valid state for restoration.", ex.Message);
    }

    [Fact]
    public async Task RestoreAsync_UnknownSnapshot_ThrowsNotFound()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<VpsNotFoundException>(() => client.RestoreAsync(5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-801)]
    public async Task RestoreAsync_NonPositiveId_ThrowsBeforeSending(long id)
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.RestoreAsync(id));

        Assert.Equal("snapshotId", ex.ParamName);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task DeleteAsync_404OnFirstAttempt_ThrowsNotFoundWithActionableMessage()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

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
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DeleteAsync(id));

        Assert.Empty(api.Requests);
    }
}
