using System.Text.Json;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>The remaining options of SPEC section 6, each doing what it says.</summary>
public sealed class OptionTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task BaseAddressOption_WinsOverTheVariable()
    {
        _cli.Variables["VPS_API_BASE_ADDRESS"] = "https://elsewhere.example.test/";

        var result = await _cli.RunAsync("list", "--base-address", SnapshotsEmulator.InMemoryBaseAddress.ToString());

        Assert.Equal(0, result.Exit);
        var request = Assert.Single(_cli.Emulator.Requests);
        Assert.Equal(SnapshotsEmulator.InMemoryBaseAddress, request.BaseAddress);
    }

    [Fact]
    public async Task BaseAddressVariable_IsWhereRequestsGo()
    {
        _cli.Variables["VPS_API_BASE_ADDRESS"] = "https://elsewhere.example.test/";

        var result = await _cli.RunAsync("list");

        Assert.Equal(0, result.Exit);
        Assert.Equal(new Uri("https://elsewhere.example.test/"), Assert.Single(_cli.Emulator.Requests).BaseAddress);
    }

    [Fact]
    public async Task BaseAddress_PlainHttpToAnotherHost_IsRefusedBeforeSending()
    {
        var result = await _cli.RunAsync("list", "--base-address", "http://admin.vps.org/");

        Assert.Equal(2, result.Exit);
        Assert.Contains("https", result.Error);
        Assert.Empty(_cli.Emulator.Requests);
    }

    [Fact]
    public async Task Create_Description_IsSent()
    {
        var result = await _cli.RunAsync("create", "--server", "67890", "--name", "n1", "--description", "before the upgrade", "-o", "json");

        Assert.Equal(0, result.Exit);
        Assert.Equal("before the upgrade", JsonDocument.Parse(result.Out).RootElement.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Prune_OlderThan_DeletesOnlyOlderOnes()
    {
        _cli.Emulator.AddSnapshot(67890, "recent", _cli.Time.GetUtcNow().AddHours(-1));
        _cli.Emulator.AddSnapshot(67890, "old", _cli.Time.GetUtcNow().AddDays(-10));

        var result = await _cli.RunAsync("prune", "--server", "67890", "--older-than", "7d", "--yes");

        Assert.Equal(0, result.Exit);
        Assert.Equal(["recent"], _cli.Emulator.Snapshots.Where(s => s.Server.Id == 67890).Select(s => s.Name));
    }

    [Fact]
    public async Task Rotate_PrefixAndDescription_NameAndDescribeTheSnapshot()
    {
        var result = await _cli.RunAsync("rotate", "--server", "67890", "--keep", "1", "--prefix", "nightly-", "--description", "cron", "--no-wait", "-o", "json");

        Assert.Equal(0, result.Exit);
        var created = JsonDocument.Parse(result.Out).RootElement[0].GetProperty("created");
        Assert.Equal("nightly-20261127-020000", created.GetProperty("name").GetString());
        Assert.Equal("cron", created.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Restore_SafetySnapshotAtTheLimit_NeedsAllowRotation()
    {
        for (var i = 0; i < 3; i++)
        {
            _cli.Emulator.AddSnapshot(12345, "manual-" + i, _cli.Time.GetUtcNow().AddDays(-1 - i));
        }

        var refused = await _cli.RunAsync("restore", "801", "--safety-snapshot", "--yes");
        var allowed = await _cli.RunAsync("restore", "801", "--safety-snapshot", "--allow-rotation", "--yes");

        Assert.Equal(5, refused.Exit);
        Assert.Equal(0, allowed.Exit);
        Assert.Contains("to make room for the safety snapshot", allowed.Error);
        Assert.Contains(_cli.Emulator.Snapshots, s => s.Id == 801);
    }

    [Fact]
    public async Task Guard_Prefix_NamesTheSnapshot()
    {
        var result = await _cli.RunAsync("guard", "--server", "67890", "--prefix", "deploy-", "--", "true");

        Assert.Equal(0, result.Exit);
        Assert.Single(_cli.Emulator.Snapshots, s => s.Name == "deploy-20261127-020000");
    }

    [Fact]
    public async Task Json_ErrorsGoToStderrOnly()
    {
        var result = await _cli.RunAsync("wait", "4242", "-o", "json");

        Assert.Equal(3, result.Exit);
        Assert.Empty(result.Out);
        Assert.StartsWith("error: Snapshot 4242 does not exist.", result.Error);
    }
}
