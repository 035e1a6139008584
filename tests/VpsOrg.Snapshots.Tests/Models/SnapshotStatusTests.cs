using System.Text.Json;

namespace VpsOrg.Snapshots.Tests.Models;

public class SnapshotStatusTests
{
    [Theory]
    [InlineData("in_progress")]
    [InlineData("completed")]
    [InlineData("failed")]
    [InlineData("deleting")]
    [InlineData("some_future_status")]
    public void ToString_ReturnsWireValue(string value) => Assert.Equal(value, new SnapshotStatus(value).ToString());

    [Fact]
    public void KnownValues_HaveWireNames()
    {
        Assert.Equal("in_progress", SnapshotStatus.InProgress.ToString());
        Assert.Equal("completed", SnapshotStatus.Completed.ToString());
        Assert.Equal("failed", SnapshotStatus.Failed.ToString());
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(SnapshotStatus.Completed, new SnapshotStatus("completed"));
        Assert.True(SnapshotStatus.Completed == "completed");
        Assert.True(SnapshotStatus.Completed != SnapshotStatus.InProgress);
        Assert.Equal(SnapshotStatus.Completed.GetHashCode(), new SnapshotStatus("completed").GetHashCode());
        Assert.NotEqual(new SnapshotStatus("Completed"), SnapshotStatus.Completed);
    }

    [Fact]
    public void IsFailure_TrueForFailedAndError()
    {
        Assert.True(SnapshotStatus.Failed.IsFailure);
        Assert.True(new SnapshotStatus("error").IsFailure);
        Assert.False(SnapshotStatus.InProgress.IsFailure);
        Assert.False(default(SnapshotStatus).IsFailure);
    }

    [Fact]
    public void Default_IsEmptyNotNull() => Assert.Equal(string.Empty, default(SnapshotStatus).ToString());

    [Fact]
    public void UnknownValue_RoundTripsThroughJson()
    {
        var snapshot = new Snapshot
        {
            Id = 1,
            Server = new ServerReference { Id = 2, Name = "s" },
            Name = "n",
            Status = "archiving",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var json = JsonSerializer.Serialize(snapshot, VpsOrg.Snapshots.Serialization.SnapshotsJsonContext.Default.Snapshot);
        var back = JsonSerializer.Deserialize(json, VpsOrg.Snapshots.Serialization.SnapshotsJsonContext.Default.Snapshot)!;

        Assert.Contains("\"status\":\"archiving\"", json);
        Assert.Equal("archiving", back.Status.ToString());
    }

    [Fact]
    public void Constructor_Null_Throws() => Assert.Throws<ArgumentNullException>(() => new SnapshotStatus(null!));
}
