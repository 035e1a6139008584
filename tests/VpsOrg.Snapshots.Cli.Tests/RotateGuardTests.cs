using System.Text.Json;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>rotate and guard: the rules of SPEC section 6 that make them safe to run unattended.</summary>
public sealed class RotateGuardTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Rotate_KeepsTheNewestOfItsPrefixAndNeverTouchesOthers()
    {
        var now = _cli.Time.GetUtcNow();
        _cli.Emulator.AddSnapshot(12345, "auto-20261125-020000", now.AddDays(-2));
        _cli.Emulator.AddSnapshot(12345, "auto-20261126-020000", now.AddDays(-1));

        var result = await _cli.RunAsync("rotate", "--server", "12345", "--keep", "2", "-o", "json");

        Assert.True(result.Exit == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var report = json.RootElement[0];
        Assert.Equal("auto-20261127-020000", report.GetProperty("created").GetProperty("name").GetString());
        Assert.Equal("completed", report.GetProperty("created").GetProperty("status").GetString());
        var names = _cli.Emulator.Snapshots.Select(s => s.Name).ToList();
        Assert.Equal(["auto-20261127-020000", "auto-20261126-020000", "pre-migration-snapshot", "weekly-snapshot-2025-01-08"], names);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("error").ValueKind);
        Assert.Matches(@"server 12345: created auto-20261127-020000 \(snapshot \d+, [\d.]+ [MG]B, \d+ s\); deleted \d+; kept \d+, \d+", result.Error);
    }

    [Fact]
    public async Task Rotate_DeletesItsOwnFailedSnapshots_NeverAnotherPrefixsFailedOnes()
    {
        var now = _cli.Time.GetUtcNow();
        var ownFailed = _cli.Emulator.AddSnapshot(67890, "auto-20261126-020000", now.AddDays(-1), status: SnapshotStatus.Failed);
        var otherFailed = _cli.Emulator.AddSnapshot(67890, "manual-try", now.AddDays(-2), status: SnapshotStatus.Failed);

        var result = await _cli.RunAsync("rotate", "--server", "67890", "--keep", "2", "-o", "json");

        Assert.True(result.Exit == 0, result.ToString());
        var ids = _cli.Emulator.Snapshots.Where(s => s.Server.Id == 67890).Select(s => s.Id).ToList();
        Assert.DoesNotContain(ownFailed.Id, ids);
        Assert.Contains(otherFailed.Id, ids);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal([ownFailed.Id], json.RootElement[0].GetProperty("deleted").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Rotate_NeverDeletesOneInProgressNorTheOneItMade()
    {
        var now = _cli.Time.GetUtcNow();
        _cli.Emulator.AddSnapshot(67890, "auto-old", now.AddDays(-1), status: SnapshotStatus.InProgress);

        var result = await _cli.RunAsync("rotate", "--server", "67890", "--keep", "1", "--no-wait");

        Assert.Equal(0, result.Exit);
        Assert.Equal(2, _cli.Emulator.Snapshots.Count(s => s.Server.Id == 67890));
    }

    [Fact]
    public async Task Rotate_AtTheLimitWithNothingOfItsOwn_ChangesNothingAndExits5()
    {
        for (var i = 0; i < 3; i++)
        {
            _cli.Emulator.AddSnapshot(12345, "manual-" + i);
        }

        var before = _cli.Emulator.Snapshots.Select(s => s.Id).ToList();
        var result = await _cli.RunAsync("rotate", "--server", "12345", "--keep", "2", "-o", "json");

        Assert.Equal(5, result.Exit);
        Assert.Equal(before, _cli.Emulator.Snapshots.Select(s => s.Id));
        using var json = JsonDocument.Parse(result.Out);
        Assert.Contains("limit", json.RootElement[0].GetProperty("error").GetString());
        Assert.DoesNotContain(_cli.Emulator.Requests, r => r.Method is "POST" or "DELETE");
    }

    [Fact]
    public async Task Rotate_AtTheLimit_MakesRoomFromItsOwnCompletedOnly()
    {
        var now = _cli.Time.GetUtcNow();
        _cli.Emulator.AddSnapshot(12345, "manual-1", now.AddDays(-5));
        _cli.Emulator.AddSnapshot(12345, "auto-a", now.AddDays(-3));
        _cli.Emulator.AddSnapshot(12345, "auto-b", now.AddDays(-2));

        var result = await _cli.RunAsync("rotate", "--server", "12345", "--keep", "3");

        Assert.Equal(0, result.Exit);
        var names = _cli.Emulator.Snapshots.Select(s => s.Name).ToList();
        Assert.DoesNotContain("auto-a", names);
        Assert.Contains("manual-1", names);
        Assert.Contains("pre-migration-snapshot", names);
        Assert.Equal(5, names.Count);
    }

    [Fact]
    public async Task Rotate_OneServerFailing_DoesNotStopTheOthers()
    {
        var result = await _cli.RunAsync("rotate", "--server", "99999", "--server", "67890", "--keep", "1", "--no-wait", "-o", "json");

        Assert.Equal(3, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal([99999L, 67890], json.RootElement.EnumerateArray().Select(r => r.GetProperty("server_id").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, json.RootElement[0].GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement[1].GetProperty("error").ValueKind);
        Assert.Single(_cli.Emulator.Snapshots, s => s.Server.Id == 67890);
    }

    [Fact]
    public async Task Guard_RunsTheCommandOnlyAfterTheSnapshotIsCompletedWithItsId()
    {
        SnapshotStatus? statusWhenRun = null;
        _cli.Runner.OnRun = () => statusWhenRun = _cli.Emulator.Snapshots.Single(s => s.Name.StartsWith("guard-", StringComparison.Ordinal)).Status;

        var result = await _cli.RunAsync("guard", "--server", "12345", "--", "apt-get", "-y", "dist-upgrade");

        Assert.Equal(0, result.Exit);
        var run = Assert.Single(_cli.Runner.Runs);
        Assert.Equal("apt-get", run.File);
        Assert.Equal(["-y", "dist-upgrade"], run.Arguments);
        var snapshot = _cli.Emulator.Snapshots.Single(s => s.Name == "guard-20261127-020000");
        Assert.Equal(snapshot.Id.ToString(), run.Environment["VPS_SNAPSHOT_ID"]);
        Assert.Equal(SnapshotStatus.Completed, statusWhenRun);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Guard_CommandFails_PassesItsCodeThroughAndPrintsTheRollbackLine()
    {
        _cli.Runner.ExitCode = 42;

        var result = await _cli.RunAsync("guard", "--server", "12345", "--name", "pre-upgrade", "--", "false");

        Assert.Equal(42, result.Exit);
        var id = _cli.Emulator.Snapshots.Single(s => s.Name == "pre-upgrade").Id;
        Assert.Contains($"vps-snapshots restore {id} --yes", result.Error);
        Assert.DoesNotContain(_cli.Emulator.Requests, r => r.Path.EndsWith("/restore/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guard_RestoreOnFailure_RestoresThatSnapshot()
    {
        _cli.Runner.ExitCode = 1;

        var result = await _cli.RunAsync("guard", "--server", "12345", "--restore-on-failure", "--", "false");

        Assert.Equal(1, result.Exit);
        var id = _cli.Emulator.Snapshots.Single(s => s.Name.StartsWith("guard-", StringComparison.Ordinal)).Id;
        Assert.Single(_cli.Emulator.Requests, r => r.Path == $"/api/v1/snapshots/{id}/restore/");
        Assert.Contains("guard: restoring server 12345", result.Error);
    }

    [Fact]
    public async Task Guard_SnapshotCannotBeTaken_CommandNeverRuns()
    {
        for (var i = 0; i < 3; i++)
        {
            _cli.Emulator.AddSnapshot(12345, "manual-" + i);
        }

        var result = await _cli.RunAsync("guard", "--server", "12345", "--", "true");

        Assert.Equal(5, result.Exit);
        Assert.Empty(_cli.Runner.Runs);
    }

    [Fact]
    public async Task Guard_Keep_MakesRoomFromItsOwnAndKeepsTheNewestN()
    {
        var now = _cli.Time.GetUtcNow();
        _cli.Emulator.AddSnapshot(12345, "guard-a", now.AddDays(-3));
        _cli.Emulator.AddSnapshot(12345, "guard-b", now.AddDays(-2));
        _cli.Emulator.AddSnapshot(12345, "manual", now.AddDays(-1));

        var result = await _cli.RunAsync("guard", "--server", "12345", "--keep", "2", "--", "true");

        Assert.Equal(0, result.Exit);
        Assert.Equal(["guard-20261127-020000", "manual", "guard-b", "pre-migration-snapshot", "weekly-snapshot-2025-01-08"], _cli.Emulator.Snapshots.Select(s => s.Name));
    }
}
