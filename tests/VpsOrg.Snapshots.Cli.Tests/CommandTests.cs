using System.Text.Json;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>list, create, wait, restore, delete and prune end to end against the emulator: output, exit codes, consent.</summary>
public sealed class CommandTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task List_Json_IsAnArrayNewestFirstInTheApisFieldNames()
    {
        var result = await _cli.RunAsync("list", "--server", "12345", "-o", "json");

        Assert.Equal(0, result.Exit);
        Assert.Empty(result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([801L, 798], items.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(["id", "server", "name", "status", "size_mb", "created_at", "description"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("web-server-01", items[0].GetProperty("server").GetProperty("name").GetString());
        Assert.Equal(5120, items[0].GetProperty("size_mb").GetInt64());
        Assert.Equal("completed", items[0].GetProperty("status").GetString());
        Assert.Equal("2025-01-15T18:30:00Z", items[0].GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task List_Table_ShowsSizeCreatedAgeAndServer()
    {
        var result = await _cli.RunAsync("list");

        Assert.Equal(0, result.Exit);
        Assert.Contains("pre-migration-snapshot", result.Out);
        Assert.Contains("5.0 GB", result.Out);
        Assert.Contains("4.7 GB", result.Out);
        Assert.Contains("2025-01-15 18:30", result.Out);
        Assert.Contains("680 d ago", result.Out);
        Assert.Contains("12345 web-server-01", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out);
    }

    [Fact]
    public async Task Create_Wait_ReportsProgressInOrderThenPrintsTheCompletedSnapshot()
    {
        var result = await _cli.RunAsync("create", "--server", "67890", "--name", "before-deploy", "--wait", "-o", "json");

        Assert.Equal(0, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(802, json.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("snapshot 802 'before-deploy' is in_progress", lines[0]);
        Assert.StartsWith("snapshot 802 'before-deploy' is completed (", lines[^1]);
    }

    [Fact]
    public async Task Create_AtTheLimit_Exits5()
    {
        for (var i = 0; i < 3; i++)
        {
            _cli.Emulator.AddSnapshot(12345, "extra-" + i);
        }

        var result = await _cli.RunAsync("create", "--server", "12345", "--name", "one-too-many");

        Assert.Equal(5, result.Exit);
        Assert.StartsWith("error: VPS.org API 400", result.Error);
    }

    [Fact]
    public async Task Create_Rotate_MakesRoomFromTheOldestCompleted()
    {
        var result = await _cli.RunAsync("create", "--server", "12345", "--name", "fresh", "--rotate", "2", "-o", "json");

        Assert.Equal(0, result.Exit);
        Assert.Contains("deleted snapshot 798", result.Error);
        Assert.Equal([802L, 801], _cli.Emulator.Snapshots.Where(s => s.Server.Id == 12345).Select(s => s.Id));
    }

    [Fact]
    public async Task Wait_FailedSnapshot_Exits1_Timeout6_Missing3()
    {
        var failed = _cli.Emulator.AddSnapshot(67890, "doomed", status: new SnapshotStatus("failed"));
        var stuck = _cli.Emulator.AddSnapshot(67890, "stuck", status: SnapshotStatus.InProgress);

        Assert.Equal(1, (await _cli.RunAsync("wait", failed.Id.ToString())).Exit);
        Assert.Equal(6, (await _cli.RunAsync("wait", stuck.Id.ToString(), "--timeout", "30s")).Exit);
        Assert.Equal(3, (await _cli.RunAsync("wait", "4242")).Exit);
    }

    [Fact]
    public async Task Restore_WithoutTerminalOrYes_SendsNothingAndExits2()
    {
        var result = await _cli.RunAsync("restore", "801");

        Assert.Equal(2, result.Exit);
        Assert.Contains("needs confirmation", result.Error);
        Assert.Contains("--yes", result.Error);
        Assert.DoesNotContain(_cli.Emulator.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Restore_OnATerminal_AsksNamingWhatHappensAndHonoursTheAnswer()
    {
        _cli.Terminal = true;
        _cli.Input = "n\n";
        var refused = await _cli.RunAsync("restore", "801");
        _cli.Input = "y\n";
        var accepted = await _cli.RunAsync("restore", "801", "-o", "json");

        Assert.Equal(2, refused.Exit);
        Assert.Contains("Restore server 12345 web-server-01 from snapshot 801 'pre-migration-snapshot'", refused.Error);
        Assert.Contains("overwrites all data on the server and cannot be undone", refused.Error);
        Assert.Equal(0, accepted.Exit);
        Assert.Single(_cli.Emulator.Requests, r => r.Method == "POST");
        using var json = JsonDocument.Parse(accepted.Out);
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("restoring", json.RootElement.GetProperty("server").GetProperty("status").GetString());
        Assert.Equal(801, json.RootElement.GetProperty("snapshot").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Restore_SafetySnapshot_TakesOneFirstAndSaysHowToUndo()
    {
        var result = await _cli.RunAsync("restore", "798", "--safety-snapshot", "--yes");

        Assert.Equal(0, result.Exit);
        var safety = Assert.Single(_cli.Emulator.Snapshots, s => s.Name.StartsWith("pre-restore-798-", StringComparison.Ordinal));
        Assert.Contains($"to undo this restore: vps-snapshots restore {safety.Id} --yes", result.Error);
        Assert.Equal("restoring", _cli.Emulator.Servers.Single(s => s.Id == 12345).Status);
    }

    [Fact]
    public async Task Delete_SeveralIds_OneMissing_DeletesTheOthersAndExits3()
    {
        var result = await _cli.RunAsync("delete", "801", "4242", "798", "--yes", "-o", "json");

        Assert.Equal(3, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal([801L, 798], json.RootElement.EnumerateArray().Select(e => e.GetInt64()));
        Assert.Contains("error: snapshot 4242:", result.Error);
        Assert.Empty(_cli.Emulator.Snapshots);
    }

    [Fact]
    public async Task Delete_WithoutTerminalOrYes_SendsNothing()
    {
        var result = await _cli.RunAsync("delete", "801");

        Assert.Equal(2, result.Exit);
        Assert.Equal(2, _cli.Emulator.Snapshots.Count);
    }

    [Fact]
    public async Task Prune_DryRun_ListsWithoutDeletingOrAsking()
    {
        var result = await _cli.RunAsync("prune", "--server", "12345", "--keep", "1", "--dry-run", "-o", "json");

        Assert.Equal(0, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        var report = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(12345, report.GetProperty("server_id").GetInt64());
        Assert.Equal([798L], report.GetProperty("deleted").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([801L], report.GetProperty("kept").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("created").ValueKind);
        Assert.Equal(2, _cli.Emulator.Snapshots.Count);
    }

    [Fact]
    public async Task Prune_WithPrefix_TouchesOnlyItsOwnAndNeedsConsent()
    {
        _cli.Emulator.AddSnapshot(12345, "auto-1", _cli.Time.GetUtcNow().AddDays(-3));
        _cli.Emulator.AddSnapshot(12345, "auto-2", _cli.Time.GetUtcNow().AddDays(-2));

        var refused = await _cli.RunAsync("prune", "--server", "12345", "--keep", "1", "--prefix", "auto-");
        var done = await _cli.RunAsync("prune", "--server", "12345", "--keep", "1", "--prefix", "auto-", "--yes");

        Assert.Equal(2, refused.Exit);
        Assert.Equal(0, done.Exit);
        Assert.Equal(["auto-2", "pre-migration-snapshot", "weekly-snapshot-2025-01-08"], _cli.Emulator.Snapshots.Select(s => s.Name));
    }

    [Fact]
    public async Task WrongToken_Exits4AndNeverShowsTheToken()
    {
        _cli.Variables["VPS_API_TOKEN"] = "wrong-secret-token-123";

        var result = await _cli.RunAsync("list", "--verbose");

        Assert.Equal(4, result.Exit);
        Assert.Contains("\nerror: VPS.org API 401", result.Error);
        Assert.StartsWith("warning: VPS.org GET /api/v1/snapshots/ failed with 401", result.Error);
        Assert.DoesNotContain("wrong-secret-token-123", result.Error + result.Out);
        Assert.Contains("VpsAuthenticationException", result.Error);
    }

    [Fact]
    public async Task EmulatorFlag_NeedsNoToken()
    {
        _cli.Variables.Clear();

        var result = await _cli.RunAsync("--emulator", "list", "-o", "json");

        Assert.Equal(0, result.Exit);
        Assert.Equal(2, JsonDocument.Parse(result.Out).RootElement.GetArrayLength());
    }
}

/// <summary>Ctrl+C: the call in flight is cancelled through its token, and the tool says what may be left behind.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task CreateInterruptedBeforeItsAnswer_Exits130SayingTheSnapshotMayExist()
    {
        var cli = new CliHarness();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cli.Handler = new HangingPost(cli.Emulator.CreateHandler(), arrived);
        using var interrupt = new CancellationTokenSource();

        var run = cli.RunAsync(interrupt.Token, "create", "--server", "12345", "--name", "nightly");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        interrupt.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(130, result.Exit);
        Assert.StartsWith("interrupted:", result.Error);
        Assert.Contains("may or may not exist", result.Error);
        Assert.Contains("vps-snapshots list --server 12345", result.Error);
    }

    /// <summary>Lets GETs through and holds a POST until it is cancelled, as a server that never answers.</summary>
    private sealed class HangingPost(HttpMessageHandler inner, TaskCompletionSource arrived) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
