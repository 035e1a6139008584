using System.Net;
using RichardSzalay.MockHttp;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

/// <summary>
/// The exact request of each endpoint and the decoding of the seed page's answer, one request per test, written as
/// MockHttp expectations so each reads as the API's specification (CONTRIBUTING.md: which tests use MockHttp).
/// </summary>
public sealed class SnapshotsClientContractTests : IDisposable
{
    private readonly MockHttpMessageHandler _api = new();

    public SnapshotsClientContractTests()
    {
        // Not MockHttp's default 404, which the SDK would turn into VpsNotFoundException and hide a wrong request.
        _api.Fallback.Throw(new InvalidOperationException("The request matched no expectation."));
    }

    [Fact]
    public async Task ListAsync_NoFilter_SendsExactRequestAndDecodesSeedExample()
    {
        _api.Expect(HttpMethod.Get, "https://admin.vps.org/api/v1/snapshots/")
            .WithExactQueryString(string.Empty)
            .WithHeaders("Authorization", "Bearer " + TestClients.Token)
            .WithHeaders("Accept", "application/json")
            .With(r => r.Content is null && r.Headers.UserAgent.ToString().StartsWith("VpsOrg.Snapshots/", StringComparison.Ordinal))
            .Respond("application/json", SeedJson.List);
        using var client = TestClients.Create(_api);

        var list = await client.ListAsync();

        _api.VerifyNoOutstandingExpectation();
        Assert.Equal(2, list.Count);
        Assert.Equal(2, list.Results.Count);
        var first = list.Results[0];
        Assert.Equal(801, first.Id);
        Assert.Equal(new ServerReference { Id = 12345, Name = "web-server-01" }, first.Server);
        Assert.Equal("pre-migration-snapshot", first.Name);
        Assert.Equal(SnapshotStatus.Completed, first.Status);
        Assert.Equal(5120, first.SizeMb);
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 18, 30, 0, TimeSpan.Zero), first.CreatedAt);
        Assert.Equal("Before major migration", first.Description);
        Assert.Null(first.Message);
        Assert.Equal(798, list.Results[1].Id);
        Assert.Equal(4856, list.Results[1].SizeMb);
        Assert.Equal("weekly-snapshot-2025-01-08", list.Results[1].Name);
    }

    [Fact]
    public async Task CreateAsync_SeedExample_SendsExactRequestAndDecodesResponse()
    {
        _api.Expect(HttpMethod.Post, "https://admin.vps.org/api/v1/snapshots/")
            .WithHeaders("Authorization", "Bearer " + TestClients.Token)
            .WithHeaders("Content-Type", "application/json; charset=utf-8")
            .WithContent("""{"server_id":12345,"name":"before-update-snapshot","description":"Snapshot before system update"}""")
            .Respond(HttpStatusCode.Created, "application/json", SeedJson.Created);
        using var client = TestClients.Create(_api);

        var snapshot = await client.CreateAsync(new CreateSnapshotRequest(12345, "before-update-snapshot", "Snapshot before system update"));

        _api.VerifyNoOutstandingExpectation();
        Assert.Equal(802, snapshot.Id);
        Assert.Equal(12345, snapshot.Server.Id);
        Assert.Equal("before-update-snapshot", snapshot.Name);
        Assert.Equal(SnapshotStatus.InProgress, snapshot.Status);
        Assert.Null(snapshot.SizeMb);
        Assert.Equal(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero), snapshot.CreatedAt);
        Assert.Equal("Snapshot before system update", snapshot.Description);
        Assert.Equal("Snapshot is being created. This may take 3-10 minutes depending on server size.", snapshot.Message);
    }

    [Fact]
    public async Task RestoreAsync_SeedExample_SendsEmptyBodyAndDecodesResult()
    {
        // An empty body (Content-Length: 0) rather than none, so .NET's connection pool never resends a restore on its own.
        _api.Expect(HttpMethod.Post, "https://admin.vps.org/api/v1/snapshots/801/restore/")
            .WithHeaders("Authorization", "Bearer " + TestClients.Token)
            .With(r => r.Content is { Headers.ContentLength: 0, Headers.ContentType: null })
            .Respond("application/json", SeedJson.Restored);
        using var client = TestClients.Create(_api);

        var result = await client.RestoreAsync(801);

        _api.VerifyNoOutstandingExpectation();
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
    public async Task DeleteAsync_204_SendsExactRequest()
    {
        _api.Expect(HttpMethod.Delete, "https://admin.vps.org/api/v1/snapshots/801/")
            .WithHeaders("Authorization", "Bearer " + TestClients.Token)
            .With(r => r.Content is { Headers.ContentLength: 0, Headers.ContentType: null })
            .Respond(HttpStatusCode.NoContent);
        using var client = TestClients.Create(_api);

        await client.DeleteAsync(801);

        _api.VerifyNoOutstandingExpectation();
    }

    public void Dispose() => _api.Dispose();
}
