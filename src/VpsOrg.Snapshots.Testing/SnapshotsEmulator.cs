using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Testing.Internal;

namespace VpsOrg.Snapshots.Testing;

/// <summary>
/// A stateful emulator of the VPS.org Snapshots API with the behaviour of the SPEC: bearer auth, the
/// 5-per-server limit, DRF errors and pagination, <c>in_progress</c> to <c>completed</c> and restores driven by
/// a <see cref="TimeProvider"/>, and injectable faults. One implementation behind every transport: the
/// in-memory <see cref="CreateHandler"/> for tests, and the loopback HTTP host of <c>VpsOrg.Snapshots.Emulator</c>.
/// </summary>
/// <remarks>Thread-safe. State changes are evaluated lazily against the clock, so a <c>FakeTimeProvider</c> drives them exactly.</remarks>
public sealed partial class SnapshotsEmulator
{
    /// <summary>The token the emulator accepts unless configured otherwise.</summary>
    public const string DefaultToken = "emulator-token";

    /// <summary>The address in-memory clients use; nothing is ever sent to it over a network.</summary>
    public static readonly Uri InMemoryBaseAddress = new("https://snapshots-emulator.test/");

    private readonly SnapshotsEmulatorOptions _options;
    private readonly EmulatorWorld _world;
    private readonly EmulatorRouter _router;
    private readonly FaultInjector _faults = new();
    private readonly EmulatorThrottle _throttle = new();
    private readonly Queue<EmulatorRequestRecord> _requests = new();
    private (List<EmulatorServer> Servers, List<Snapshot> Snapshots) _startWorld;
    private long _requestCounter;
    private long _requestsDropped;

    /// <summary>Creates an emulator, with the seed page's world unless <see cref="SnapshotsEmulatorOptions.SeedWorld"/> is off.</summary>
    /// <param name="options">Its settings; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The page size is below 1.</exception>
    public SnapshotsEmulator(SnapshotsEmulatorOptions? options = null)
    {
        _options = options ?? new SnapshotsEmulatorOptions();
        if (_options.PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PageSize must be at least 1.");
        }

        if (_options.RequestLogLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RequestLogLimit must be 0 or more (null keeps every request).");
        }

        _world = new EmulatorWorld(_options);
        _router = new EmulatorRouter(_options, new SnapshotEndpoints(_world), _throttle);
        _throttle.Set(_options.RateLimit, _world.Now);
        if (_options.SeedWorld)
        {
            _world.Seed();
        }

        _startWorld = (Servers.ToList(), Snapshots.ToList());
    }

    /// <summary>The bearer token the emulator accepts.</summary>
    public string Token => _options.Token;

    /// <summary>The emulator's clock.</summary>
    public TimeProvider TimeProvider => _options.TimeProvider;

    /// <summary>The servers, by id.</summary>
    public IReadOnlyList<EmulatorServer> Servers
    {
        get
        {
            lock (_world.Gate)
            {
                var now = _world.Now;
                return _world.Servers.Values.OrderBy(s => s.Id).Select(s => new EmulatorServer(s.Id, s.Name, s.StatusAt(now))).ToList();
            }
        }
    }

    /// <summary>Every snapshot, newest first, as the API would list it now.</summary>
    public IReadOnlyList<Snapshot> Snapshots
    {
        get
        {
            lock (_world.Gate)
            {
                var now = _world.Now;
                return EmulatorWorld.Ordered(_world.Snapshots.Values).Select(s => _world.ToModel(s, now)).ToList();
            }
        }
    }

    /// <summary>How many requests the log dropped to stay within <see cref="SnapshotsEmulatorOptions.RequestLogLimit"/> (since the last clear).</summary>
    public long RequestsDropped
    {
        get
        {
            lock (_world.Gate)
            {
                return _requestsDropped;
            }
        }
    }

    /// <summary>How many requests the log holds and how many it dropped, read together without copying the log (for a health probe polled all day).</summary>
    internal (int Logged, long Dropped) RequestLogSize()
    {
        lock (_world.Gate)
        {
            return (_requests.Count, _requestsDropped);
        }
    }

    /// <summary>Every request received so far (or the latest <see cref="SnapshotsEmulatorOptions.RequestLogLimit"/>), oldest first, with the status answered.</summary>
    public IReadOnlyList<EmulatorRequestRecord> Requests
    {
        get
        {
            lock (_world.Gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The rate limit in force (<see langword="null"/> for none); setting it starts with a full bucket.</summary>
    public EmulatorRateLimit? RateLimit
    {
        get
        {
            lock (_world.Gate)
            {
                return _throttle.Limit;
            }
        }

        set
        {
            lock (_world.Gate)
            {
                _throttle.Set(value, _world.Now);
            }
        }
    }

    /// <summary>Forgets the request log.</summary>
    public void ClearRequests()
    {
        lock (_world.Gate)
        {
            _requests.Clear();
            _requestsDropped = 0;
        }
    }

    /// <summary>Adds (or renames) a server.</summary>
    /// <param name="id">The server's id.</param>
    /// <param name="name">The server's name.</param>
    public void AddServer(long id, string name)
    {
        lock (_world.Gate)
        {
            _world.Servers[id] = new ServerState(id, name);
        }
    }

    /// <summary>Adds a snapshot directly (not through the API), for setting up a test's world.</summary>
    /// <param name="serverId">An existing server.</param>
    /// <param name="name">The snapshot's name.</param>
    /// <param name="createdAt">When it was taken; now when <see langword="null"/>.</param>
    /// <param name="sizeMb">Its size; a completed snapshot gets one.</param>
    /// <param name="description">Its description.</param>
    /// <param name="status">A fixed status (for example <c>failed</c>); otherwise it completes after the completion delay from <paramref name="createdAt"/>.</param>
    /// <returns>The snapshot as it would be listed now.</returns>
    /// <exception cref="ArgumentException">The server does not exist.</exception>
    public Snapshot AddSnapshot(long serverId, string name, DateTimeOffset? createdAt = null, long? sizeMb = null, string? description = null, SnapshotStatus? status = null)
    {
        lock (_world.Gate)
        {
            if (!_world.Servers.ContainsKey(serverId))
            {
                throw new ArgumentException($"Server {serverId} does not exist in the emulator.", nameof(serverId));
            }

            var now = _world.Now;
            var state = _world.Add(_world.NextId++, serverId, name, description, EmulatorWorld.Truncate(createdAt ?? now), sizeMb ?? 1024, status?.Value);
            return _world.ToModel(state, now);
        }
    }

    /// <summary>Fixes a snapshot's status (for example <c>failed</c>), as if the platform changed it.</summary>
    /// <param name="snapshotId">The snapshot.</param>
    /// <param name="status">The status it reports from now on.</param>
    /// <exception cref="ArgumentException">The snapshot does not exist.</exception>
    public void SetSnapshotStatus(long snapshotId, SnapshotStatus status)
    {
        lock (_world.Gate)
        {
            _world.Find(snapshotId).ForcedStatus = status.Value;
        }
    }

    /// <summary>Removes a snapshot without an API call, as if someone else deleted it.</summary>
    /// <param name="snapshotId">The snapshot.</param>
    /// <returns>Whether it existed.</returns>
    public bool RemoveSnapshot(long snapshotId)
    {
        lock (_world.Gate)
        {
            return _world.Snapshots.Remove(snapshotId);
        }
    }

    /// <summary>Makes the next <paramref name="times"/> matching requests fail with <paramref name="fault"/>.</summary>
    /// <param name="fault">What to do to them.</param>
    /// <param name="times">How many matching requests it applies to.</param>
    /// <param name="method">Only requests with this method (<c>GET</c>, <c>POST</c>, <c>DELETE</c>); any when <see langword="null"/>.</param>
    /// <param name="pathContains">Only requests whose path contains this; any when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fault"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is below 1.</exception>
    public void InjectFault(EmulatorFault fault, int times = 1, string? method = null, string? pathContains = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);

        lock (_world.Gate)
        {
            _faults.Add(fault, times, method, pathContains);
        }
    }

    /// <summary>Goes back to the world the emulator started with (the seed page's, or the one it was given), and clears the injected faults and the request log.</summary>
    public void Reset()
    {
        lock (_world.Gate)
        {
            _faults.Clear();
            _requests.Clear();
            _requestsDropped = 0;
            _world.Load(_startWorld.Servers, _startWorld.Snapshots);
        }
    }

    /// <summary>Replaces every server and snapshot; new ids count up from the highest one given (or 802).</summary>
    /// <param name="servers">The servers, with their status (<c>running</c> or <c>restoring</c>).</param>
    /// <param name="snapshots">The snapshots, as the API lists them; a status other than the one the clock gives is kept fixed.</param>
    /// <param name="asStart">Whether <see cref="Reset"/> goes back to this world from now on.</param>
    /// <exception cref="ArgumentException">A snapshot names a server that is not given.</exception>
    internal void LoadWorld(IReadOnlyList<EmulatorServer> servers, IReadOnlyList<Snapshot> snapshots, bool asStart)
    {
        lock (_world.Gate)
        {
            _world.Load(servers, snapshots);
            if (asStart)
            {
                _startWorld = (servers.ToList(), snapshots.ToList());
            }
        }
    }

    /// <summary>The current world as it would be exported: the servers and the snapshots, newest first.</summary>
    internal (IReadOnlyList<EmulatorServer> Servers, IReadOnlyList<Snapshot> Snapshots) World
    {
        get
        {
            lock (_world.Gate)
            {
                return (Servers, Snapshots);
            }
        }
    }

    /// <summary>Forgets the injected faults that have not been used up yet.</summary>
    internal void ClearFaults()
    {
        lock (_world.Gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>An in-memory <see cref="HttpMessageHandler"/> over this emulator: no sockets. Create one per client.</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => new SnapshotsEmulatorHandler(this);

    /// <summary>
    /// A <see cref="SnapshotsClient"/> with the SDK's full pipeline (auth, retries) over an in-memory handler of
    /// this emulator, using the emulator's token and clock.
    /// </summary>
    /// <param name="logger">Where the client logs; none when <see langword="null"/>.</param>
    /// <param name="configure">Changes to the client's options (retries, timeouts) after the emulator's address and token are set.</param>
    /// <returns>The client; dispose it when done.</returns>
    public SnapshotsClient CreateClient(ILogger<SnapshotsClient>? logger = null, Action<VpsSnapshotsOptions>? configure = null)
    {
        var options = new VpsSnapshotsOptions { BaseAddress = InMemoryBaseAddress, ApiToken = Token };
        configure?.Invoke(options);
        return new SnapshotsClient(options, CreateHandler(), logger, _options.TimeProvider);
    }
}
