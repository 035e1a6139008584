using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>The API's four endpoints over the world: list (paginated), create, restore and delete. Callers hold the world's gate.</summary>
internal sealed class SnapshotEndpoints
{
    public const string CollectionPath = "/api/v1/snapshots/";

    private readonly EmulatorWorld _world;

    public SnapshotEndpoints(EmulatorWorld world)
    {
        _world = world;
    }

    public EmulatorResponse List(EmulatorRequest request, Dictionary<string, string> query)
    {
        long? serverId = null;
        if (query.TryGetValue("server_id", out var rawServer))
        {
            if (!long.TryParse(rawServer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return EmulatorResponses.Json(400, EmulatorJson.FieldErrors([new("server_id", "Enter a whole number.")]));
            }

            serverId = parsed;
        }

        var page = 1;
        if (query.TryGetValue("page", out var rawPage) && (!int.TryParse(rawPage, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return EmulatorResponses.NotFound("Invalid page.");
        }

        var now = _world.Now;
        var all = EmulatorWorld.Ordered(_world.Snapshots.Values.Where(s => serverId is null || s.ServerId == serverId)).ToList();
        var size = _world.Options.PageSize;
        var pages = Math.Max(1, (all.Count + size - 1) / size);
        if (page > pages)
        {
            return EmulatorResponses.NotFound("Invalid page.");
        }

        var body = EmulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", all.Count);
            if (page < pages)
            {
                w.WriteString("next", PageLink(request.BaseAddress, page + 1, serverId));
            }

            if (page > 1)
            {
                w.WriteString("previous", PageLink(request.BaseAddress, page - 1, serverId));
            }

            w.WriteStartArray("results");
            foreach (var snapshot in all.Skip((page - 1) * size).Take(size))
            {
                WriteSnapshot(w, snapshot, now, null);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return EmulatorResponses.Json(200, body);
    }

    public EmulatorResponse Create(EmulatorRequest request)
    {
        var (serverId, name, description, error) = CreateSnapshotValidator.Validate(request.Body);
        if (error is not null)
        {
            return error;
        }

        if (!_world.Servers.TryGetValue(serverId, out var server))
        {
            return EmulatorResponses.NotFound("Server not found.");
        }

        var limit = _world.Options.MaxSnapshotsPerServer;
        if (_world.Snapshots.Values.Count(s => s.ServerId == serverId) >= limit)
        {
            return EmulatorResponses.Json(400, EmulatorJson.FieldErrors([new("non_field_errors", $"Snapshot limit reached: a server can have at most {limit} snapshots. Delete an old snapshot first.")]));
        }

        var now = _world.Now;
        var created = _world.Add(_world.NextId++, server.Id, name, description, EmulatorWorld.Truncate(now), null, null);
        var body = EmulatorJson.Write(w => WriteSnapshot(w, created, now, "Snapshot is being created. This may take 3-10 minutes depending on server size."));
        return EmulatorResponses.Json(201, body);
    }

    public EmulatorResponse Restore(long id)
    {
        if (!_world.Snapshots.TryGetValue(id, out var snapshot))
        {
            return EmulatorResponses.NotFound();
        }

        var now = _world.Now;
        var server = _world.Servers[snapshot.ServerId];
        if (server.StatusAt(now) != "running")
        {
            return EmulatorResponses.Json(400, EmulatorJson.Detail("Server is not in a valid state for restoration."));
        }

        var status = _world.StatusOf(snapshot, now);
        if (status != "completed")
        {
            return EmulatorResponses.Json(400, EmulatorJson.Detail($"Snapshot is not ready for restoration (status: {status})."));
        }

        server.RestoringUntil = now + _world.Options.RestoreDelay;
        return EmulatorResponses.Json(200, EmulatorJson.Restore(new RestoreResult
        {
            Status = "success",
            Message = "Server is being restored from snapshot. This may take 5-15 minutes.",
            Snapshot = new RestoredSnapshot { Id = snapshot.Id, Name = snapshot.Name, CreatedAt = snapshot.CreatedAt },
            Server = new RestoredServer { Id = server.Id, Name = server.Name, Status = "restoring" },
        }));
    }

    public EmulatorResponse Delete(long id) =>
        _world.Snapshots.Remove(id) ? new EmulatorResponse(204, null, ReadOnlyMemory<byte>.Empty, []) : EmulatorResponses.NotFound();

    private void WriteSnapshot(System.Text.Json.Utf8JsonWriter w, SnapshotState s, DateTimeOffset now, string? message)
    {
        SnapshotJson.Write(w, _world.ToModel(s, now) with { Message = message });
    }

    private static string PageLink(Uri baseAddress, int target, long? serverId)
    {
        var parts = new List<string>();
        if (target > 1)
        {
            parts.Add("page=" + target.ToString(CultureInfo.InvariantCulture));
        }

        if (serverId is { } s)
        {
            parts.Add("server_id=" + s.ToString(CultureInfo.InvariantCulture));
        }

        return new Uri(baseAddress, CollectionPath).ToString() + (parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts));
    }
}
