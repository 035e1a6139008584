namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>The seed API page's own JSON examples, verbatim.</summary>
public static class SeedJson
{
    public const string List = """
        {
          "count": 2,
          "results": [
            {
              "id": 801,
              "server": {
                "id": 12345,
                "name": "web-server-01"
              },
              "name": "pre-migration-snapshot",
              "status": "completed",
              "size_mb": 5120,
              "created_at": "2025-01-15T18:30:00Z",
              "description": "Before major migration"
            },
            {
              "id": 798,
              "server": {
                "id": 12345,
                "name": "web-server-01"
              },
              "name": "weekly-snapshot-2025-01-08",
              "status": "completed",
              "size_mb": 4856,
              "created_at": "2025-01-08T12:00:00Z",
              "description": "Weekly snapshot"
            }
          ]
        }
        """;

    public const string CreateRequest = """
        {
            "server_id": 12345,
            "name": "before-update-snapshot",
            "description": "Snapshot before system update"
          }
        """;

    public const string Created = """
        {
          "id": 802,
          "server": {
            "id": 12345,
            "name": "web-server-01"
          },
          "name": "before-update-snapshot",
          "status": "in_progress",
          "size_mb": null,
          "created_at": "2025-01-16T16:15:00Z",
          "description": "Snapshot before system update",
          "message": "Snapshot is being created. This may take 3-10 minutes depending on server size."
        }
        """;

    public const string Restored = """
        {
          "status": "success",
          "message": "Server is being restored from snapshot. This may take 5-15 minutes.",
          "snapshot": {
            "id": 801,
            "name": "pre-migration-snapshot",
            "created_at": "2025-01-15T18:30:00Z"
          },
          "server": {
            "id": 12345,
            "name": "web-server-01",
            "status": "restoring"
          }
        }
        """;
}
