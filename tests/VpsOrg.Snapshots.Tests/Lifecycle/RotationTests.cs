using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;
using static VpsOrg.Snapshots.Tests.Lifecycle.LifecycleJson;

namespace VpsOrg.Snapshots.Tests.Lifecycle;

/// <summary>
/// The rotation and prune rules on a scripted server (so they also run against the netstandard2.0 build): which
/// snapshots may go, in which order, and the exact requests sent.
/// </summary>
public class RotationTests
{
    private const string Collection = "https://admin.vps.org/api/v1/snapshots/";

    [Fact]
    public async Task RotateAsync_AtTheLimit_FreesItsOwnFailedFirstThenKeepsTheNewestOfThePrefix()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, List(
                Snapshot(14, "auto-d", "in_progress", 1),
                Snapshot(13, "auto-c", "completed", 2),
                Snapshot(12, "auto-b", "completed", 3),
                Snapshot(11, "auto-a", "failed", 4),
                Snapshot(10, "manual", "completed", 5)))
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.Created, Snapshot(15, "auto-20250116-161500", "in_progress", 0))
            .Respond(HttpStatusCode.OK, List(
                Snapshot(15, "auto-20250116-161500", "in_progress", 0),
                Snapshot(14, "auto-d", "in_progress", 1),
                Snapshot(13, "auto-c", "completed", 2),
                Snapshot(12, "auto-b", "completed", 3),
                Snapshot(10, "manual", "completed", 5)))
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.NoContent);
        using var client = TestClients.Create(api);
        var steps = new List<RotationProgress>();

        var result = await client.RotateAsync(7, new RotationOptions { KeepLast = 2, Wait = null }, new SyncProgress<RotationProgress>(steps.Add));

        Assert.Equal(
            [
                "GET " + Collection + "?server_id=7",
                "DELETE " + Collection + "11/",
                "POST " + Collection,
                "GET " + Collection + "?server_id=7",
                "DELETE " + Collection + "12/",
                "DELETE " + Collection + "13/",
            ],
            api.Requests.Select(r => r.Method + " " + r.Url));
        Assert.Equal("""{"server_id":7,"name":"auto-20250116-161500"}""", api.Requests[2].Body);
        Assert.Equal(15, result.Created.Id);
        Assert.Equal([11L, 12, 13], result.Deleted.Select(s => s.Id));
        Assert.Equal([15L, 14], result.Kept.Select(s => s.Id));
        Assert.Equal(
            [RotationStep.Deleted, RotationStep.Creating, RotationStep.Created, RotationStep.Deleted, RotationStep.Deleted],
            steps.Select(s => s.Step));
    }

    [Fact]
    public async Task RotateAsync_WaitsForTheNewSnapshotBeforeDeletingOlderOnes_AndKeepsThemWhenItFails()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, List(Snapshot(12, "auto-b", "completed", 1), Snapshot(11, "auto-a", "completed", 2)))
            .Respond(HttpStatusCode.Created, Snapshot(13, "auto-20250116-161500", "in_progress", 0))
            .Respond(HttpStatusCode.OK, List(Snapshot(13, "auto-20250116-161500", "failed", 0), Snapshot(12, "auto-b", "completed", 1), Snapshot(11, "auto-a", "completed", 2)));
        using var client = TestClients.Create(api);

        var rotation = client.RotateAsync(7, new RotationOptions { KeepLast = 1, Wait = new SnapshotWaitOptions() });
        var ex = await Assert.ThrowsAsync<SnapshotFailedException>(() => api.Time.DriveAsync(rotation, TimeSpan.FromSeconds(1)));

        Assert.Equal(13, ex.Snapshot!.Id);
        Assert.DoesNotContain(api.Requests, r => r.Method == "DELETE");
        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task RotateAsync_AtTheLimitWithNothingOfItsOwn_ThrowsBeforeAnyChange()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, List(
            Snapshot(15, "auto-new", "in_progress", 0),
            Snapshot(14, "manual-4", "completed", 1),
            Snapshot(13, "manual-3", "completed", 2),
            Snapshot(12, "other-2", "failed", 3),
            Snapshot(11, "manual-1", "completed", 4)));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => client.RotateAsync(7, new RotationOptions { KeepLast = 2, Wait = null }));

        Assert.Contains("holds 5 snapshots (the API's limit is 5)", ex.Message);
        Assert.Single(api.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task RotateAsync_KeepOutsideOneToTheLimit_ThrowsBeforeSending(int keep)
    {
        using var api = new ScriptedHandler();
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.RotateAsync(7, new RotationOptions { KeepLast = keep }));

        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task PruneAsync_DeletesCompletedAndFailed_NeverInProgressOrAnUnknownStatus()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, List(
                Snapshot(14, "d", "in_progress", 1),
                Snapshot(13, "c", "deleting", 2),
                Snapshot(12, "b", "error", 3),
                Snapshot(11, "a", "completed", 4)))
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.NotFound, """{"detail": "Not found."}""");
        using var client = TestClients.Create(api);

        var result = await client.PruneAsync(7, new PruneOptions { KeepLast = 0 });

        Assert.Equal([11L, 12], result.Deleted.Select(s => s.Id));
        Assert.Equal([14L, 13], result.Kept.Select(s => s.Id));
        Assert.Equal(["DELETE " + Collection + "11/", "DELETE " + Collection + "12/"], api.Requests.Skip(1).Select(r => r.Method + " " + r.Url));
    }

    [Fact]
    public async Task PlanPruneAsync_OnlyLists_AndApplyDeletesExactlyThePlan()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, List(Snapshot(12, "auto-b", "completed", 1), Snapshot(11, "auto-a", "completed", 2), Snapshot(10, "manual", "completed", 3)))
            .Respond(HttpStatusCode.NoContent);
        using var client = TestClients.Create(api);

        var plan = await client.PlanPruneAsync(7, new PruneOptions { KeepLast = 1, NamePrefix = "auto-" });
        var listedOnly = api.Requests.Count;
        var applied = await plan.ApplyAsync();

        Assert.Equal(1, listedOnly);
        Assert.Equal([11L], plan.Deleted.Select(s => s.Id));
        Assert.Equal([12L], plan.Kept.Select(s => s.Id));
        Assert.Equal([11L], applied.Deleted.Select(s => s.Id));
        Assert.Equal("DELETE " + Collection + "11/", api.Requests[1].Method + " " + api.Requests[1].Url);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task PruneAsync_ProtectedSnapshot_IsNeverDeleted()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, List(Snapshot(12, "g-b", "completed", 1), Snapshot(11, "g-a", "completed", 2)));
        using var client = TestClients.Create(api);

        var result = await client.PlanPruneAsync(7, new PruneOptions { KeepLast = 0, ProtectedSnapshotId = 12 });

        Assert.Equal([11L], result.Deleted.Select(s => s.Id));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task CreateWithRotationAsync_FreesFailedBeforeCompleted()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, List(Snapshot(12, "b", "failed", 1), Snapshot(11, "a", "completed", 2)))
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.Created, Snapshot(13, "c", "in_progress", 0));
        using var client = TestClients.Create(api);

        var result = await client.CreateWithRotationAsync(new CreateSnapshotRequest(7, "c"), keepLast: 2);

        Assert.Equal([12L], result.Deleted.Select(s => s.Id));
        Assert.Equal("DELETE " + Collection + "12/", api.Requests[1].Method + " " + api.Requests[1].Url);
    }

    [Fact]
    public async Task MakeRoomAsync_WithRoom_OnlyLists()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, List(Snapshot(11, "guard-a", "completed", 2)));
        using var client = TestClients.Create(api);

        var deleted = await client.MakeRoomAsync(7, "guard-");

        Assert.Empty(deleted);
        Assert.Equal(["GET " + Collection + "?server_id=7"], api.Requests.Select(r => r.Method + " " + r.Url));
    }

    [Fact]
    public async Task SafeRestoreAsync_WithRotationAtTheLimit_NeverDeletesTheSnapshotBeingRestored()
    {
        var full = List(
            Snapshot(15, "e", "completed", 1),
            Snapshot(14, "d", "completed", 2),
            Snapshot(13, "c", "completed", 3),
            Snapshot(12, "b", "completed", 4),
            Snapshot(11, "a", "completed", 5));
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, full)
            .Respond(HttpStatusCode.OK, full)
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.Created, Snapshot(16, "safety", "completed", 0))
            .Respond(HttpStatusCode.OK, SeedJson.Restored);
        using var client = TestClients.Create(api);

        var result = await client.SafeRestoreAsync(11, new RestoreOptions { AllowRotation = true, SafetySnapshotName = "safety" });

        Assert.Equal([12L], result.Deleted.Select(s => s.Id));
        Assert.Equal("POST " + Collection + "11/restore/", api.Requests[^1].Method + " " + api.Requests[^1].Url);
    }

    [Fact]
    public async Task GetAsync_Missing_ThrowsNotFoundNamingTheId()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsNotFoundException>(() => client.FindInListAsync(4242));

        Assert.Equal("Snapshot 4242 does not exist.", ex.Message);
        Assert.Equal(404, ex.StatusCode);
    }
}
