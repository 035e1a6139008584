namespace VpsOrg.Snapshots.Docs.Tests.Snippets;

/// <summary>The example of the README and of "Getting started".</summary>
public static class GettingStarted
{
    /// <summary>The client as a user makes it for the real API (making it sends nothing).</summary>
    public static void MakeClient()
    {
        #region client
        using var client = new SnapshotsClient(new VpsSnapshotsOptions
        {
            ApiToken = Environment.GetEnvironmentVariable("VPS_API_TOKEN"),
        });
        #endregion
    }

    /// <summary>The example's calls, on any client.</summary>
    public static async Task RunAsync(ISnapshotsClient client)
    {
        #region example
        SnapshotList all = await client.ListAsync(serverId: 12345);
        foreach (Snapshot s in all.Results)
        {
            Console.WriteLine($"{s.Id} {s.Name} {s.Status} {s.SizeMb} MB {s.CreatedAt:u}");
        }

        Snapshot created = await client.CreateAsync(new CreateSnapshotRequest(12345, "before-update", "Before apt upgrade"));
        created = await client.WaitForCompletionAsync(created);          // a snapshot is restorable once completed
        RestoreResult restore = await client.RestoreAsync(created.Id);   // overwrites the server: cannot be undone
        Console.WriteLine($"{restore.Status}: {restore.Message}");
        await client.DeleteAsync(created.Id);
        #endregion
    }
}
