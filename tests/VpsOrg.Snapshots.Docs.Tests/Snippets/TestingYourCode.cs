#region usings
using Microsoft.Extensions.Time.Testing;                    // package Microsoft.Extensions.TimeProvider.Testing
using VpsOrg.Snapshots.Testing;
#endregion

namespace VpsOrg.Snapshots.Docs.Tests.Snippets;

/// <summary>"Testing your code": the article's block is this test's body.</summary>
public sealed class TestingYourCode
{
    [Fact]
    public async Task TheEmulator_InATest()
    {
        #region emulator
        var time = new FakeTimeProvider();
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = time });
        using var client = emulator.CreateClient();                 // the SDK's full pipeline over the emulator, on its clock

        var snapshot = await client.CreateAsync(new CreateSnapshotRequest(12345, "before-deploy"));
        time.Advance(TimeSpan.FromSeconds(3));                      // CompletionDelay: now it is completed

        emulator.InjectFault(EmulatorFault.Status(503, retryAfter: TimeSpan.FromSeconds(1)), times: 2, method: "GET");
        emulator.InjectFault(EmulatorFault.CommitThenFail(500), method: "POST");   // also DropConnection, Slow, HtmlPage, ...

        Assert.Equal("POST", emulator.Requests[0].Method);          // every request received, with the status answered
        Assert.Equal(3, emulator.Snapshots.Count);                  // and the state: Snapshots, Servers
        #endregion
        Assert.Equal(SnapshotStatus.Completed, emulator.Snapshots.Single(s => s.Id == snapshot.Id).Status);
    }
}
