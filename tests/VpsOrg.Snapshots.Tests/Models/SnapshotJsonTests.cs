using System.Net;
using System.Text.Json;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Models;

/// <summary>The API's own JSON shape, written back by <see cref="SnapshotJson"/> (what the CLI's -o json and the emulator write).</summary>
public class SnapshotJsonTests
{
    [Fact]
    public async Task Serialize_ASnapshotAsListed_ReadsAsTheApiWroteIt()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, """
            {"count": 1, "results": [{"id": 9, "server": {"id": 1, "name": "a"}, "name": "x", "status": "in_progress",
              "size_mb": null, "created_at": "2025-01-15T18:30:00Z", "description": null, "region": "eu-west"}]}
            """);
        using var client = TestClients.Create(api);
        var snapshot = Assert.Single((await client.ListAsync()).Results);

        var json = SnapshotJson.Serialize(snapshot);

        using var written = JsonDocument.Parse(json);
        var root = written.RootElement;
        Assert.Equal(["id", "server", "name", "status", "size_mb", "created_at", "description", "region"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2025-01-15T18:30:00Z", root.GetProperty("created_at").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("size_mb").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("description").ValueKind);
        Assert.Equal("eu-west", root.GetProperty("region").GetString());
        Assert.Equal("in_progress", root.GetProperty("status").GetString());
    }

    [Fact]
    public void FormatTimestamp_IsUtcWithZ_WholeSecondsWithoutAFraction()
    {
        Assert.Equal("2025-01-15T18:30:00Z", SnapshotRules.FormatTimestamp(new DateTimeOffset(2025, 1, 15, 20, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal("2025-01-15T18:30:00.25Z", SnapshotRules.FormatTimestamp(new DateTimeOffset(2025, 1, 15, 18, 30, 0, 250, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("before-update_2", true)]
    [InlineData("", false)]
    [InlineData("bad name", false)]
    [InlineData("ünicode", false)]
    [InlineData(null, false)]
    public void IsValidName_IsTheApisSlugRule(string? name, bool valid) => Assert.Equal(valid, SnapshotRules.IsValidName(name));

    [Fact]
    public void StampedName_IsPrefixAndUtcTime_AndRefusesABadPrefix()
    {
        Assert.Equal("auto-20251115-023000", SnapshotRules.StampedName("auto-", new DateTimeOffset(2025, 11, 15, 3, 30, 0, TimeSpan.FromHours(1))));
        Assert.Throws<ArgumentException>(() => SnapshotRules.StampedName("no space ", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Serialize_ARestoreResultAndAList_ReadAsTheApiWroteThem()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, SeedJson.Restored).Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api);
        var restored = await client.RestoreAsync(801);
        var listed = await client.ListAsync();

        using var restoreJson = JsonDocument.Parse(SnapshotJson.Serialize(restored));
        using var expected = JsonDocument.Parse(SeedJson.Restored);
        using var listJson = JsonDocument.Parse(SnapshotJson.Serialize(listed.Results));

        Assert.True(JsonElement.DeepEquals(expected.RootElement, restoreJson.RootElement), restoreJson.RootElement.GetRawText());
        Assert.Equal([801L, 798], listJson.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }
}
