using System.Globalization;
using System.Text;

namespace VpsOrg.Snapshots.Tests.Lifecycle;

/// <summary>List and create answers for the lifecycle tests, written out so each test shows the server's state.</summary>
internal static class LifecycleJson
{
    public static readonly DateTimeOffset Now = new(2025, 1, 16, 16, 15, 0, TimeSpan.Zero);

    public static string Snapshot(long id, string name, string status, double daysAgo, long serverId = 7)
    {
        var size = status == "completed" ? "1024" : "null";
        var created = (Now - TimeSpan.FromDays(daysAgo)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$"""{"id": {{id}}, "server": {"id": {{serverId}}, "name": "app-01"}, "name": "{{name}}", "status": "{{status}}", "size_mb": {{size}}, "created_at": "{{created}}", "description": null}""";
    }

    public static string List(params string[] snapshots)
    {
        var body = new StringBuilder();
        body.Append("{\"count\": ").Append(snapshots.Length).Append(", \"next\": null, \"previous\": null, \"results\": [");
        body.Append(string.Join(", ", snapshots));
        return body.Append("]}").ToString();
    }
}
