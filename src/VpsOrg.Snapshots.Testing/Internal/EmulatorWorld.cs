using System;
using System.Collections.Generic;
using System.Linq;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>The emulator's servers and snapshots, and what they report at a given time. Callers hold <see cref="Gate"/>.</summary>
internal sealed class EmulatorWorld
{
    public const long FirstNewId = 802;

    private readonly SnapshotsEmulatorOptions _options;

    public EmulatorWorld(SnapshotsEmulatorOptions options)
    {
        _options = options;
    }

    /// <summary>The lock every reader and writer of the world (and of the request log and faults) takes.</summary>
    public object Gate { get; } = new();

    public Dictionary<long, ServerState> Servers { get; } = [];

    public Dictionary<long, SnapshotState> Snapshots { get; } = [];

    public long NextId { get; set; } = FirstNewId;

    public DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public SnapshotsEmulatorOptions Options => _options;

    /// <summary>The seed page's world: two servers, snapshots 798 and 801 on web-server-01.</summary>
    public void Seed()
    {
        Servers[12345] = new ServerState(12345, "web-server-01");
        Servers[67890] = new ServerState(67890, "db-server-01");
        Add(798, 12345, "weekly-snapshot-2025-01-08", "Weekly snapshot", new DateTimeOffset(2025, 1, 8, 12, 0, 0, TimeSpan.Zero), 4856, "completed");
        Add(801, 12345, "pre-migration-snapshot", "Before major migration", new DateTimeOffset(2025, 1, 15, 18, 30, 0, TimeSpan.Zero), 5120, "completed");
    }

    public SnapshotState Add(long id, long serverId, string name, string? description, DateTimeOffset createdAt, long? sizeMb, string? forcedStatus)
    {
        var state = new SnapshotState(id, serverId, name, description, createdAt, sizeMb ?? (2048 + (id % 7 * 512)), forcedStatus);
        Snapshots[id] = state;
        NextId = Math.Max(NextId, id + 1);
        return state;
    }

    /// <summary>Replaces every server and snapshot; a snapshot status other than the one the clock gives is kept fixed.</summary>
    public void Load(IReadOnlyList<EmulatorServer> servers, IReadOnlyList<Snapshot> snapshots)
    {
        var known = servers.Select(s => s.Id).ToHashSet();
        if (snapshots.FirstOrDefault(s => !known.Contains(s.Server.Id)) is { } orphan)
        {
            throw new ArgumentException($"Snapshot {orphan.Id} belongs to server {orphan.Server.Id}, which the world does not have.", nameof(snapshots));
        }

        var now = Now;
        Servers.Clear();
        Snapshots.Clear();
        NextId = FirstNewId;
        foreach (var server in servers)
        {
            Servers[server.Id] = new ServerState(server.Id, server.Name)
            {
                RestoringUntil = server.Status == "restoring" ? now + _options.RestoreDelay : DateTimeOffset.MinValue,
            };
        }

        foreach (var snapshot in snapshots)
        {
            var state = Add(snapshot.Id, snapshot.Server.Id, snapshot.Name, snapshot.Description, Truncate(snapshot.CreatedAt), snapshot.SizeMb, null);
            if (StatusOf(state, now) != snapshot.Status.Value)
            {
                state.ForcedStatus = snapshot.Status.Value;
            }
        }
    }

    public SnapshotState Find(long id) =>
        Snapshots.TryGetValue(id, out var state) ? state : throw new ArgumentException($"Snapshot {id} does not exist in the emulator.", nameof(id));

    public string StatusOf(SnapshotState snapshot, DateTimeOffset now) => snapshot.StatusAt(now, _options.CompletionDelay);

    /// <summary>Newest first, as the API lists them.</summary>
    public static IEnumerable<SnapshotState> Ordered(IEnumerable<SnapshotState> snapshots) =>
        snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);

    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public Snapshot ToModel(SnapshotState s, DateTimeOffset now)
    {
        var status = StatusOf(s, now);
        return new Snapshot
        {
            Id = s.Id,
            Server = new ServerReference { Id = s.ServerId, Name = Servers.TryGetValue(s.ServerId, out var server) ? server.Name : null },
            Name = s.Name,
            Status = new SnapshotStatus(status),
            SizeMb = status == "completed" ? s.SizeMb : null,
            CreatedAt = s.CreatedAt,
            Description = s.Description,
        };
    }
}

/// <summary>One emulated server: its name, and until when a restore holds it.</summary>
internal sealed class ServerState(long id, string name)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public DateTimeOffset RestoringUntil { get; set; } = DateTimeOffset.MinValue;

    public string StatusAt(DateTimeOffset now) => now < RestoringUntil ? "restoring" : "running";
}

/// <summary>One emulated snapshot; its status follows the clock unless forced.</summary>
internal sealed class SnapshotState(long id, long serverId, string name, string? description, DateTimeOffset createdAt, long sizeMb, string? forcedStatus)
{
    public long Id { get; } = id;

    public long ServerId { get; } = serverId;

    public string Name { get; } = name;

    public string? Description { get; } = description;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public long SizeMb { get; } = sizeMb;

    public string? ForcedStatus { get; set; } = forcedStatus;

    public string StatusAt(DateTimeOffset now, TimeSpan completionDelay) =>
        ForcedStatus ?? (now >= CreatedAt + completionDelay ? "completed" : "in_progress");
}
