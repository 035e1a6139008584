using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

public partial class SnapshotsClientTests
{
    [Fact]
    public async Task ListAsync_ServerId_SendsServerIdQuery()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api);

        await client.ListAsync(12345);

        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?server_id=12345", Assert.Single(api.Requests).Url);
    }

    [Fact]
    public async Task ListAsync_BaseAddressWithPath_KeepsPathAndTrailingSlash()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, """{"count":0,"results":[]}""");
        using var client = TestClients.Create(api, o => o.BaseAddress = new Uri("https://proxy.example.test/vps"));

        await client.ListAsync();

        Assert.Equal("https://proxy.example.test/vps/api/v1/snapshots/", Assert.Single(api.Requests).Url);
    }

    [Fact]
    public async Task ListAsync_SeveralPages_FollowsNextLinksAndReturnsEveryResult()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, Page(5, "https://admin.vps.org/api/v1/snapshots/?page=2&server_id=12345", 5, 4))
            .Respond(HttpStatusCode.OK, Page(5, "https://admin.vps.org/api/v1/snapshots/?page=3&server_id=12345", 3, 2))
            .Respond(HttpStatusCode.OK, Page(5, null, 1));
        using var client = TestClients.Create(api);

        var list = await client.ListAsync(12345);

        Assert.Equal(5, list.Count);
        Assert.Equal([5L, 4, 3, 2, 1], list.Results.Select(s => s.Id));
        Assert.Equal(
            [
                "https://admin.vps.org/api/v1/snapshots/?server_id=12345",
                "https://admin.vps.org/api/v1/snapshots/?page=2&server_id=12345",
                "https://admin.vps.org/api/v1/snapshots/?page=3&server_id=12345",
            ],
            api.Requests.Select(r => r.Url));
        Assert.All(api.Requests, r => Assert.Equal("Bearer " + TestClients.Token, r.Authorization));
    }

    [Theory]
    [InlineData("https://evil.example.test/api/v1/snapshots/?page=2")]
    [InlineData("http://evil.example.test/api/v1/snapshots/?page=2")]
    [InlineData("https://admin.vps.org.evil.example.test/api/v1/snapshots/?page=2")]
    [InlineData("ftp://admin.vps.org/api/v1/snapshots/?page=2")]
    public async Task ListAsync_NextLinkToAnotherHost_RefusedWithoutSendingToken(string next)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, Page(3, next, 3));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Single(api.Requests);
        Assert.Contains("not followed", ex.Message);
        Assert.DoesNotContain("?page=2", ex.Message);
        Assert.Equal(0, ex.StatusCode);
        Assert.DoesNotContain(TestClients.Token, ex.ToString());
    }

    [Theory]
    [InlineData("http://admin.vps.org/api/v1/snapshots/?page=2")]
    [InlineData("http://admin.vps.org:80/api/v1/snapshots/?page=2")]
    [InlineData("https://admin.vps.org:8443/api/v1/snapshots/?page=2")]
    [InlineData("http://ADMIN.vps.org/api/v1/snapshots/?page=2")]
    public async Task ListAsync_SameHostNextLinkOnOtherSchemeOrPort_FollowedOverBaseAddressSchemeAndPort(string next)
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, Page(2, next, 1))
            .Respond(HttpStatusCode.OK, Page(2, null, 2));
        using var client = TestClients.Create(api);

        var list = await client.ListAsync();

        Assert.Equal(2, list.Results.Count);
        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?page=2", api.Requests[1].Url);
        Assert.All(api.Requests, r => Assert.StartsWith("https://admin.vps.org/", r.Url));
    }

    [Fact]
    public async Task ListAsync_RelativeNextLink_ResolvedAgainstBaseAddress()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, Page(2, "/api/v1/snapshots/?page=2", 2))
            .Respond(HttpStatusCode.OK, Page(2, null, 1));
        using var client = TestClients.Create(api);

        var list = await client.ListAsync();

        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?page=2", api.Requests[1].Url);
        Assert.Equal(2, list.Results.Count);
    }

    [Fact]
    public async Task ListAsync_UnknownStatusAndFields_PreservedNotThrown()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, """
            {"count": 1, "next": null, "previous": null, "results": [
              {"id": 9, "server": {"id": 1, "name": "a", "region": "eu"}, "name": "x", "status": "deleting",
               "size_mb": null, "created_at": "2025-01-15T18:30:00Z", "description": null,
               "region": "eu-west", "tags": ["a", "b"]}
            ], "page_size": 100}
            """);
        using var client = TestClients.Create(api);

        var snapshot = Assert.Single((await client.ListAsync()).Results);

        Assert.Equal("deleting", snapshot.Status.ToString());
        Assert.Equal(new SnapshotStatus("deleting"), snapshot.Status);
        Assert.Null(snapshot.SizeMb);
        Assert.Null(snapshot.Description);
        Assert.Equal("eu-west", snapshot.AdditionalProperties["region"].GetString());
        Assert.Equal(2, snapshot.AdditionalProperties["tags"].GetArrayLength());
    }

    [Fact]
    public async Task ListAsync_MissingCount_UsesNumberOfResults()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, """{"results": []}""");
        using var client = TestClients.Create(api);

        var list = await client.ListAsync();

        Assert.Equal(0, list.Count);
        Assert.Empty(list.Results);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ListAsync_NonPositiveServerId_ThrowsBeforeSending(long serverId)
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListAsync(serverId));

        Assert.Equal("serverId", ex.ParamName);
        Assert.Empty(api.Requests);
    }

    internal static string Page(int count, string? next, params long[] ids)
    {
        var results = string.Join(",", ids.Select(id => $$"""
            {"id": {{id}}, "server": {"id": 12345, "name": "web-server-01"}, "name": "snap-{{id}}", "status": "completed",
             "size_mb": 100, "created_at": "2025-01-0{{Math.Min(9, id)}}T12:00:00Z", "description": null}
            """));
        var nextJson = next is null ? "null" : $"\"{next}\"";
        return $$"""{"count": {{count}}, "next": {{nextJson}}, "previous": null, "results": [{{results}}]}""";
    }
}
