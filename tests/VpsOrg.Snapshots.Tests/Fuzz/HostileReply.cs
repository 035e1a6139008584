using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Fuzz;

/// <summary>How a scripted reply misbehaves at the transport level.</summary>
public enum TransportFault
{
    None,
    Drop,
    Refuse,
    Hang,
    StallBody,
}

/// <summary>One scripted answer of a hostile server: a status, headers and a (mutated) body, or a transport fault.</summary>
public sealed record HostileReply(
    int Status,
    string Body,
    bool Utf16,
    string? ContentType,
    string? RetryAfter,
    string? Date,
    string? Location,
    string? RequestId,
    TransportFault Fault)
{
    public HttpResponseMessage ToResponse(DateTimeOffset now)
    {
        var response = new HttpResponseMessage((HttpStatusCode)Status);
        var bytes = Utf16 ? Encoding.Unicode.GetBytes(Body) : Encoding.UTF8.GetBytes(Body);
        response.Content = Fault == TransportFault.StallBody
            ? new StreamContent(new StallingStream(bytes[..(bytes.Length / 2)]))
            : new ByteArrayContent(bytes);
        if (ContentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        if (RetryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", RetryAfter);
        }

        if (Date is not null)
        {
            response.Headers.TryAddWithoutValidation("Date", Date == "now" ? now.ToString("r", System.Globalization.CultureInfo.InvariantCulture) : Date);
        }

        if (Location is not null)
        {
            response.Headers.TryAddWithoutValidation("Location", Location);
        }

        if (RequestId is not null)
        {
            response.Headers.TryAddWithoutValidation("X-Request-Id", RequestId);
        }

        return response;
    }

    public override string ToString() =>
        $"{Status} {Fault} ct={ContentType} ra={RetryAfter} date={Date} loc={Location} rid={RequestId} utf16={Utf16} body={(Body.Length > 300 ? Body[..300] + $"...({Body.Length} chars)" : Body)}";
}

/// <summary>The generators of hostile replies: valid answers of the API, then mutated field by field.</summary>
public static class HostileGen
{
    public const string Token = "fuzz-token-7c41aa";
    public const string ProvidedToken = "fuzz-provided-90be13";

    private static readonly string[] Templates =
    [
        SnapshotJson(802, "in_progress", null),
        SnapshotJson(801, "completed", 5120),
        $$"""{"count": 2, "next": null, "previous": null, "results": [{{SnapshotJson(802, "completed", 100)}}, {{SnapshotJson(801, "completed", 5120)}}]}""",
        $$"""{"count": 4, "next": "NEXT", "previous": null, "results": [{{SnapshotJson(804, "completed", 100)}}, {{SnapshotJson(803, "in_progress", null)}}]}""",
        """{"status": "success", "message": "Server is being restored.", "snapshot": {"id": 801, "name": "pre-migration-snapshot", "created_at": "2025-01-15T18:30:00Z"}, "server": {"id": 12345, "name": "web-server-01", "status": "restoring"}}""",
        """{"detail": "Snapshot limit reached."}""",
        """{"name": ["This field is required."], "non_field_errors": ["Maximum of 5 snapshots."]}""",
        """["Server is not in a valid state for restoration."]""",
        """{"error": "boom", "message": "TOKEN"}""",
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        string.Empty,
    ];

    private static readonly string[] NextLinks =
    [
        "https://admin.vps.org/api/v1/snapshots/?page=2",
        "http://admin.vps.org/api/v1/snapshots/?page=2",
        "https://admin.vps.org:8443/api/v1/snapshots/?page=3",
        "/api/v1/snapshots/?page=2",
        "https://admin.vps.org/api/v1/snapshots/",
        "https://evil.example.test/api/v1/snapshots/?page=2",
        "//evil.example.test/steal",
        "javascript:alert(1)",
        "::::",
        "",
    ];

    private static readonly int[] Statuses = [200, 200, 200, 201, 204, 301, 302, 307, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 505, 599, 100, 299];

    private static readonly string?[] RetryAfters = [null, null, "0", "1", "3", "120", "100000", "-5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 2100 23:59:59 GMT"];

    private static readonly string?[] Dates = [null, "now", "now", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 2100 23:59:59 GMT", "yesterday"];

    private static readonly string?[] Locations = [null, null, "https://evil.example.test/x?token=abc", "/api/v1/snapshots/", "not a uri"];

    private static readonly string?[] RequestIds = [null, "req-1", "TOKEN", "PROVIDED", new string('r', 300)];

    private static readonly string?[] ContentTypes = [null, "application/json", "application/json; charset=utf-8", "text/html", "text/plain", "application/json; charset=utf-16", "garbage/"];

    public static readonly Gen<HostileReply> Reply =
        Gen.Select(
            Gen.Int[0, Statuses.Length - 1],
            Gen.Int[0, Templates.Length - 1],
            Gen.Int[0, 99].Array[0, 3],
            Gen.Int[0, NextLinks.Length - 1],
            Gen.Int[0, 10],
            Gen.Select(Gen.Int[0, RetryAfters.Length - 1], Gen.Int[0, Dates.Length - 1], Gen.Int[0, Locations.Length - 1], Gen.Int[0, RequestIds.Length - 1], Gen.Int[0, ContentTypes.Length - 1]),
            Gen.Int[0, 99])
        .Select((status, template, mutations, next, special, headers, fault) =>
        {
            var body = Mutate(Templates[template].Replace("NEXT", NextLinks[next], StringComparison.Ordinal), mutations);
            body = special switch
            {
                0 => body + new string(' ', 10) + "{",
                1 => body.Length > 2 ? body[..(body.Length * 2 / 3)] : body,
                2 => body.Replace("TOKEN", Token, StringComparison.Ordinal).Replace("boom", ProvidedToken, StringComparison.Ordinal),
                3 when fault < 3 => Huge(),
                _ => body.Replace("TOKEN", "t", StringComparison.Ordinal),
            };
            var transport = fault switch
            {
                < 4 => TransportFault.Drop,
                < 6 => TransportFault.Refuse,
                < 8 => TransportFault.Hang,
                < 11 => TransportFault.StallBody,
                _ => TransportFault.None,
            };
            var (ra, date, loc, rid, ct) = headers;
            return new HostileReply(
                Statuses[status],
                body,
                special == 4,
                ContentTypes[ct],
                RetryAfters[ra],
                Dates[date],
                Locations[loc],
                RequestIds[rid]?.Replace("TOKEN", Token, StringComparison.Ordinal).Replace("PROVIDED", ProvidedToken, StringComparison.Ordinal),
                transport);
        });

    private static readonly string[] Operations = ["list", "list-server", "create", "restore", "delete", "list-all", "wait", "rotate", "prune", "safe-restore"];

    public static readonly Gen<string> Operation = Gen.Int[0, Operations.Length - 1].Select(i => Operations[i]);

    /// <summary>A field removed, nulled or retyped, somewhere in the body (a no-op on bodies that are not JSON).</summary>
    private static string Mutate(string body, int[] mutations)
    {
        if (mutations.Length == 0)
        {
            return body;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }

        foreach (var m in mutations)
        {
            var objects = new List<JsonObject>();
            Collect(root, objects);
            if (objects.Count == 0)
            {
                break;
            }

            var target = objects[m % objects.Count];
            var keys = target.Select(p => p.Key).ToList();
            if (keys.Count == 0)
            {
                continue;
            }

            var key = keys[(m / 7) % keys.Count];
            switch (m % 5)
            {
                case 0:
                    target.Remove(key);
                    break;
                case 1:
                    target[key] = null;
                    break;
                case 2:
                    target[key] = JsonValue.Create("retyped");
                    break;
                case 3:
                    target[key] = JsonValue.Create(-1);
                    break;
                default:
                    target[key] = new JsonArray(JsonValue.Create(1), null);
                    break;
            }
        }

        return root?.ToJsonString() ?? "null";
    }

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        switch (node)
        {
            case JsonObject obj:
                into.Add(obj);
                foreach (var property in obj)
                {
                    Collect(property.Value, into);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, into);
                }

                break;
        }
    }

    private static string Huge()
    {
        var item = SnapshotJson(1, "completed", 1) + ",";
        var builder = new StringBuilder("""{"count": 1, "results": [""");
        while (builder.Length < 5 * 1024 * 1024)
        {
            builder.Append(item);
        }

        return builder.Append(SnapshotJson(2, "completed", 1)).Append("]}").ToString();
    }

    private static string SnapshotJson(long id, string status, long? size) =>
        $$$"""{"id": {{{id}}}, "server": {"id": 12345, "name": "web-server-01"}, "name": "nightly", "status": "{{{status}}}", "size_mb": {{{(size is null ? "null" : size.ToString())}}}, "created_at": "2025-01-16T16:15:00Z", "description": null, "extra_field": {"x": [1, 2]}}""";
}
