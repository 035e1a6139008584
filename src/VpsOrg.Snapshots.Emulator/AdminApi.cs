using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Testing;
using VpsOrg.Snapshots.Testing.Internal;

namespace VpsOrg.Snapshots.Emulator;

/// <summary>
/// The admin API under <c>/_emulator/</c>: reset, read or replace the world, inject faults, read or clear the
/// request log, move a manual clock. Its own paths and optional token, never mistaken for the API; its requests
/// are not in the request log.
/// </summary>
internal sealed class AdminApi(SnapshotsEmulator emulator, FakeTimeProvider? manualClock, string? adminToken)
{
    public const string Prefix = "/_emulator/";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var route = request.Path.Value![Prefix.Length..].TrimEnd('/');
        if (route == "health" && request.Method is "GET" or "HEAD")
        {
            // For orchestrators and probes: no token, not in the request log.
            await WriteAsync(context, 200, HealthJson()).ConfigureAwait(false);
            return;
        }

        if (adminToken is not null && request.Headers.Authorization.ToString() != "Bearer " + adminToken)
        {
            await WriteAsync(context, 401, EmulatorJson.Detail("Admin token missing or wrong: send 'Authorization: Bearer <admin token>'.")).ConfigureAwait(false);
            return;
        }

        try
        {
            var (status, body) = (request.Method, route) switch
            {
                ("POST", "reset") => Reset(),
                ("GET", "world") => (200, WorldJson(emulator)),
                ("PUT", "world") => PutWorld(await ReadAsync(context).ConfigureAwait(false)),
                ("POST", "faults") => AddFault(await ReadAsync(context).ConfigureAwait(false)),
                ("DELETE", "faults") => ClearFaults(),
                ("GET", "requests") => (200, RequestsJson(context.Response)),
                ("DELETE", "requests") => ClearRequests(),
                ("POST", "clock/advance") => Advance(await ReadAsync(context).ConfigureAwait(false)),
                ("GET", "rate-limit") => (200, RateLimitJson()),
                ("PUT", "rate-limit") => PutRateLimit(await ReadAsync(context).ConfigureAwait(false)),
                (_, "reset" or "world" or "faults" or "requests" or "clock/advance" or "rate-limit" or "health") => (405, EmulatorJson.Detail($"Method \"{request.Method}\" not allowed.")),
                _ => (404, EmulatorJson.Detail("Not found.")),
            };
            await WriteAsync(context, status, body).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            await WriteAsync(context, 400, EmulatorJson.Detail(ex.Message)).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces the emulator's world with one in the admin API's JSON shape.</summary>
    public static void LoadWorld(SnapshotsEmulator emulator, ReadOnlyMemory<byte> json, bool asStart)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var servers = root.GetProperty("servers").EnumerateArray()
            .Select(s => new EmulatorServer(s.GetProperty("id").GetInt64(), s.GetProperty("name").GetString()!, s.TryGetProperty("status", out var st) ? st.GetString() ?? "running" : "running"))
            .ToList();
        var snapshots = root.TryGetProperty("snapshots", out var list)
            ? list.EnumerateArray().Select(ReadSnapshot).ToList()
            : [];
        emulator.LoadWorld(servers, snapshots, asStart);
    }

    private (int, byte[]?) Reset()
    {
        emulator.Reset();
        manualClock?.SetUtcNow(manualClock.GetUtcNow());
        return (204, null);
    }

    private (int, byte[]?) PutWorld(byte[] body)
    {
        LoadWorld(emulator, body, asStart: false);
        return (204, null);
    }

    private (int, byte[]?) AddFault(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var f = document.RootElement;
        int Status(int fallback) => f.TryGetProperty("status", out var s) ? s.GetInt32() : fallback;
        TimeSpan? Seconds(string name) => f.TryGetProperty(name, out var s) ? TimeSpan.FromSeconds(s.GetDouble()) : null;
        var kind = f.GetProperty("kind").GetString();
        var fault = kind switch
        {
            "status" => EmulatorFault.Status(Status(503), Seconds("retry_after_seconds")),
            "html_page" => EmulatorFault.HtmlPage(Status(502)),
            "slow" => EmulatorFault.Slow(Seconds("delay_seconds") ?? throw new ArgumentException("A slow fault needs delay_seconds.")),
            "drop" => EmulatorFault.DropConnection(),
            "refuse" => EmulatorFault.RefuseConnection(),
            "commit_then_status" => EmulatorFault.CommitThenFail(Status(500)),
            "commit_then_drop" => EmulatorFault.CommitThenDropConnection(),
            _ => throw new ArgumentException($"Unknown fault kind '{kind}': status, html_page, slow, drop, refuse, commit_then_status or commit_then_drop."),
        };
        var times = f.TryGetProperty("times", out var t) ? t.GetInt32() : 1;
        if (times < 1)
        {
            throw new ArgumentException("times must be at least 1.");
        }

        emulator.InjectFault(
            fault,
            times,
            f.TryGetProperty("method", out var m) ? m.GetString() : null,
            f.TryGetProperty("path_contains", out var p) ? p.GetString() : null);
        return (204, null);
    }

    /// <summary><c>{"rate": "10/s", "burst": 5}</c>, or <c>{"rate": null}</c> to lift the limit.</summary>
    private (int, byte[]?) PutRateLimit(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var rate = root.GetProperty("rate");
        int? burst = root.TryGetProperty("burst", out var b) && b.ValueKind != JsonValueKind.Null ? b.GetInt32() : null;
        emulator.RateLimit = rate.ValueKind == JsonValueKind.Null ? null : EmulatorRateLimit.Parse(rate.GetString()!, burst);
        return (200, RateLimitJson());
    }

    private byte[] RateLimitJson() => EmulatorJson.Write(w =>
    {
        var limit = emulator.RateLimit;
        w.WriteStartObject();
        if (limit is null)
        {
            w.WriteNull("rate");
            w.WriteNull("burst");
        }
        else
        {
            w.WriteString("rate", limit.Rate);
            w.WriteNumber("burst", limit.Burst);
        }

        w.WriteEndObject();
    });

    private (int, byte[]?) ClearFaults()
    {
        emulator.ClearFaults();
        return (204, null);
    }

    private (int, byte[]?) ClearRequests()
    {
        emulator.ClearRequests();
        return (204, null);
    }

    private (int, byte[]?) Advance(byte[] body)
    {
        if (manualClock is null)
        {
            return (400, EmulatorJson.Detail("The clock is not manual: start the emulator with --manual-clock."));
        }

        using var document = JsonDocument.Parse(body);
        var seconds = document.RootElement.GetProperty("seconds").GetDouble();
        if (seconds < 0)
        {
            throw new ArgumentException("seconds must not be negative: the clock only moves forward.");
        }

        manualClock.Advance(TimeSpan.FromSeconds(seconds));
        return (200, EmulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("now", EmulatorJson.Timestamp(manualClock.GetUtcNow()));
            w.WriteEndObject();
        }));
    }

    private byte[] HealthJson()
    {
        var (logged, dropped) = emulator.RequestLogSize();
        return EmulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "healthy");
            w.WriteNumber("requests_logged", logged);
            w.WriteNumber("requests_dropped", dropped);
            w.WriteEndObject();
        });
    }

    /// <summary>The request log, oldest first; <c>X-Emulator-Requests-Dropped</c> says how many older ones the log's limit dropped.</summary>
    private byte[] RequestsJson(HttpResponse response) => EmulatorJson.Write(w =>
    {
        response.Headers["X-Emulator-Requests-Dropped"] = emulator.RequestsDropped.ToString(System.Globalization.CultureInfo.InvariantCulture);
        w.WriteStartArray();
        foreach (var r in emulator.Requests)
        {
            w.WriteStartObject();
            w.WriteString("method", r.Method);
            w.WriteString("path", r.Path);
            w.WriteString("query", r.Query);
            w.WriteNumber("status", r.StatusCode);
            w.WriteString("at", EmulatorJson.Timestamp(r.At));
            if (r.Fault is { } fault)
            {
                w.WriteString("fault", fault.Kind.ToString());
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>The world in the shape <c>PUT /_emulator/world</c> and <c>--world</c> take: snapshots as the API lists them.</summary>
    public static byte[] WorldJson(SnapshotsEmulator emulator) => EmulatorJson.Write(w =>
    {
        var (servers, snapshots) = emulator.World;
        w.WriteStartObject();
        w.WriteStartArray("servers");
        foreach (var s in servers)
        {
            w.WriteStartObject();
            w.WriteNumber("id", s.Id);
            w.WriteString("name", s.Name);
            w.WriteString("status", s.Status);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("snapshots");
        foreach (var s in snapshots)
        {
            SnapshotJson.Write(w, s);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static Snapshot ReadSnapshot(JsonElement s) => new()
    {
        Id = s.GetProperty("id").GetInt64(),
        Server = new ServerReference { Id = s.GetProperty("server").GetProperty("id").GetInt64() },
        Name = s.GetProperty("name").GetString() ?? throw new ArgumentException("A snapshot needs a name."),
        Status = new SnapshotStatus(s.TryGetProperty("status", out var st) ? st.GetString() ?? "completed" : "completed"),
        SizeMb = s.TryGetProperty("size_mb", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
        CreatedAt = s.GetProperty("created_at").GetDateTimeOffset(),
        Description = s.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
    };

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[]? body)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
