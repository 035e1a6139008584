using System.Globalization;
using System.Text;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>The response bodies every client decodes: the seed page's list, a 500-snapshot list, the seed's create answer.</summary>
public static class Payloads
{
    public const string Token = "benchmark-token-0123456789";
    public static readonly Uri BaseAddress = new("https://admin.vps.org/");

    public static readonly byte[] SeedList = Encoding.UTF8.GetBytes(SeedJson.List);

    public static readonly byte[] Created = Encoding.UTF8.GetBytes(SeedJson.Created);

    public static readonly byte[] List500 = BuildList(500);

    public static byte[] List(int size) => size == 2 ? SeedList : size == 500 ? List500 : BuildList(size);

    private static byte[] BuildList(int size)
    {
        var builder = new StringBuilder();
        builder.Append("{\"count\": ").Append(size).Append(", \"next\": null, \"previous\": null, \"results\": [");
        for (var i = 0; i < size; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var completed = i % 5 != 0;
            builder.Append(CultureInfo.InvariantCulture, $$"""
                {"id": {{100000 - i}}, "server": {"id": {{12345 + (i % 40)}}, "name": "web-server-{{i % 40:00}}"}, "name": "snapshot-{{i}}-before-update",
                 "status": "{{(completed ? "completed" : "in_progress")}}", "size_mb": {{(completed ? (4000 + i).ToString(CultureInfo.InvariantCulture) : "null")}},
                 "created_at": "2025-01-{{1 + (i % 28):00}}T{{i % 24:00}}:{{i % 60:00}}:00Z", "description": "Automated snapshot {{i}}"}
                """);
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }
}
