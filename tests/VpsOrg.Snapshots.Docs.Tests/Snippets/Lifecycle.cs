namespace VpsOrg.Snapshots.Docs.Tests.Snippets;

/// <summary>"Lifecycle helpers": snapshot, change, roll back.</summary>
public static class Lifecycle
{
    /// <summary>The rollback the article shows, on any client.</summary>
    public static async Task<SafeRestoreResult> RollBackAsync(ISnapshotsClient client)
    {
        #region rollback
        // 1. Take a snapshot and wait until it is completed (polls with backoff: 5 s up to 30 s, 20 minutes at most).
        Snapshot before = await client.CreateAndWaitAsync(new CreateSnapshotRequest(12345, "before-upgrade"));

        // 2. Make the risky change ... it went wrong:

        // 3. Roll back. A safety snapshot of the current state is taken (and completed) first,
        //    so the rollback itself can be undone by restoring result.SafetySnapshot.
        SafeRestoreResult result = await client.SafeRestoreAsync(before.Id, new RestoreOptions { SafetySnapshot = true });
        Console.WriteLine($"Restoring; undo with snapshot {result.SafetySnapshot!.Id}");
        #endregion
        return result;
    }
}
