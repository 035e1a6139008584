using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Shared;
using VpsOrg.Snapshots.Testing.Internal;

namespace VpsOrg.Snapshots.Testing;

/// <summary>
/// A stateful emulator of the VPS.org Snapshots API with the behaviour of the SPEC: bearer auth, the
/// 5-per-server limit, DRF errors and pagination, <c>in_progress</c> to <c>completed</c> and restores driven by
/// a <see cref="TimeProvider"/>, and injectable faults. One implementation behind every transport: the
/// in-memory <see cref="CreateHandler"/> for tests, and the loopback HTTP host of <c>VpsOrg.Snapshots.Emulator</c>.
/// </summary>
/// <remarks>Thread-safe. State changes are evaluated lazily against the clock, so a <c>FakeTimeProvider</c> drives them exactly.</remarks>
public sealed class SnapshotsEmulator
{
    /// <summary>The token the emulator accepts unless configured otherwise.</summary>
    public const string DefaultToken = "emulator-token";

    /// <summary>The address in-memory clients use; nothing is ever sent to it over a network.</summary>
    public static readonly Uri InMemoryBaseAddress = new("https://snapshots-emulator.test/");

    private const string CollectionPath = "/api/v1/snapshots/";

    private readonly object _gate = new();
    private readonly SnapshotsEmulatorOptions _options;
    private readonly Dictionary<long, ServerState> _servers = [];
    private readonly Dictionary<long, SnapshotState> _snapshots = [];
    private readonly List<EmulatorRequestRecord> _requests = [];
    private readonly List<FaultRule> _faults = [];
    private long _nextId = 802;
    private long _requestCounter;

    /// <summary>Creates an emulator, with the seed page's world unless <see cref="SnapshotsEmulatorOptions.SeedWorld"/> is off.</summary>
    /// <param name="options">Its settings; defaults when <see langword="null"/>.</param>
    public SnapshotsEmulator(SnapshotsEmulatorOptions? options = null)
    {
        _options = options ?? new SnapshotsEmulatorOptions();
        if (_options.PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PageSize must be at least 1.");
        }

        if (_options.SeedWorld)
        {
            AddServer(12345, "web-server-01");
            AddServer(67890, "db-server-01");
            AddSnapshotCore(798, 12345, "weekly-snapshot-2025-01-08", "Weekly snapshot", new DateTimeOffset(2025, 1, 8, 12, 0, 0, TimeSpan.Zero), 4856, "completed");
            AddSnapshotCore(801, 12345, "pre-migration-snapshot", "Before major migration", new DateTimeOffset(2025, 1, 15, 18, 30, 0, TimeSpan.Zero), 5120, "completed");
        }
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
            lock (_gate)
            {
                var now = Now;
                return _servers.Values.OrderBy(s => s.Id).Select(s => new EmulatorServer(s.Id, s.Name, s.StatusAt(now))).ToList();
            }
        }
    }

    /// <summary>Every snapshot, newest first, as the API would list it now.</summary>
    public IReadOnlyList<Snapshot> Snapshots
    {
        get
        {
            lock (_gate)
            {
                var now = Now;
                return Ordered(_snapshots.Values).Select(s => ToModel(s, now)).ToList();
            }
        }
    }

    /// <summary>Every request received so far, oldest first, with the status answered.</summary>
    public IReadOnlyList<EmulatorRequestRecord> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>Forgets the request log.</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Adds (or renames) a server.</summary>
    /// <param name="id">The server's id.</param>
    /// <param name="name">The server's name.</param>
    public void AddServer(long id, string name)
    {
        lock (_gate)
        {
            _servers[id] = new ServerState(id, name);
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
        lock (_gate)
        {
            if (!_servers.ContainsKey(serverId))
            {
                throw new ArgumentException($"Server {serverId} does not exist in the emulator.", nameof(serverId));
            }

            var state = AddSnapshotCore(_nextId++, serverId, name, description, Truncate(createdAt ?? Now), sizeMb ?? 1024, status?.Value);
            return ToModel(state, Now);
        }
    }

    /// <summary>Fixes a snapshot's status (for example <c>failed</c>), as if the platform changed it.</summary>
    /// <param name="snapshotId">The snapshot.</param>
    /// <param name="status">The status it reports from now on.</param>
    /// <exception cref="ArgumentException">The snapshot does not exist.</exception>
    public void SetSnapshotStatus(long snapshotId, SnapshotStatus status)
    {
        lock (_gate)
        {
            Find(snapshotId).ForcedStatus = status.Value;
        }
    }

    /// <summary>Removes a snapshot without an API call, as if someone else deleted it.</summary>
    /// <param name="snapshotId">The snapshot.</param>
    /// <returns>Whether it existed.</returns>
    public bool RemoveSnapshot(long snapshotId)
    {
        lock (_gate)
        {
            return _snapshots.Remove(snapshotId);
        }
    }

    /// <summary>Makes the next <paramref name="times"/> matching requests fail with <paramref name="fault"/>.</summary>
    /// <param name="fault">What to do to them.</param>
    /// <param name="times">How many matching requests it applies to.</param>
    /// <param name="method">Only requests with this method (<c>GET</c>, <c>POST</c>, <c>DELETE</c>); any when <see langword="null"/>.</param>
    /// <param name="pathContains">Only requests whose path contains this; any when <see langword="null"/>.</param>
    public void InjectFault(EmulatorFault fault, int times = 1, string? method = null, string? pathContains = null)
    {
        ArgumentNullException.ThrowIfNull(fault);

        if (times < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), "times must be at least 1.");
        }

        lock (_gate)
        {
            _faults.Add(new FaultRule(fault, times, method, pathContains));
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

    /// <summary>Handles one request with the API's behaviour (and any injected fault). Used by the transports.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels a delayed request.</param>
    /// <returns>The answer.</returns>
    public async Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        var arrived = Now;
        var fault = TakeFault(request);
        if (fault?.Kind == EmulatorFaultKind.Delay)
        {
            try
            {
                await Task.Delay(fault.Delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its attempt timeout): log the request as never answered.
                lock (_gate)
                {
                    _requests.Add(Record(request, 0, arrived, fault));
                }

                throw;
            }
        }

        EmulatorResponse response;
        lock (_gate)
        {
            if (fault?.Kind is EmulatorFaultKind.CommitThenStatus or EmulatorFaultKind.CommitThenDrop)
            {
                // The change is made; only the answer is lost.
                Handle(request);
            }

            response = fault?.Kind switch
            {
                EmulatorFaultKind.Status or EmulatorFaultKind.CommitThenStatus => FaultStatus(fault),
                EmulatorFaultKind.DropConnection or EmulatorFaultKind.CommitThenDrop => Dropped(),
                EmulatorFaultKind.RefuseConnection => Dropped() with { Refuse = true },
                _ => Handle(request),
            };

            response = response with { Headers = [.. response.Headers, .. StandardHeaders()] };
            _requests.Add(Record(request, response.Drop || response.Refuse ? 0 : response.StatusCode, arrived, fault));
        }

        return response;
    }

    private static EmulatorRequestRecord Record(EmulatorRequest request, int statusCode, DateTimeOffset arrived, EmulatorFault? fault) =>
        new(
            request.Method,
            request.Path,
            request.Query,
            request.Authorization,
            request.Body is null || request.Body.Length == 0 ? null : Encoding.UTF8.GetString(request.Body),
            statusCode,
            arrived,
            fault);

    private EmulatorFault? TakeFault(EmulatorRequest request)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var rule = _faults[i];
                if ((rule.Method is null || string.Equals(rule.Method, request.Method, StringComparison.OrdinalIgnoreCase)) &&
                    (rule.PathContains is null || request.Path.IndexOf(rule.PathContains, StringComparison.Ordinal) >= 0))
                {
                    if (--rule.Remaining == 0)
                    {
                        _faults.RemoveAt(i);
                    }

                    return rule.Fault;
                }
            }

            return null;
        }
    }

    private List<KeyValuePair<string, string>> StandardHeaders() =>
    [
        new("Date", Now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)),
        new("X-Request-Id", "emu-" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture)),
    ];

    private static EmulatorResponse Dropped() => new(0, null, ReadOnlyMemory<byte>.Empty, [], Drop: true);

    private static EmulatorResponse FaultStatus(EmulatorFault fault)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (fault.RetryAfter is { } retryAfter)
        {
            headers.Add(new("Retry-After", ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
        }

        if (fault.Html)
        {
            var title = $"{fault.StatusCode} {HttpReasonPhrases.For(fault.StatusCode)}";
            var html = $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
            return new EmulatorResponse(fault.StatusCode, "text/html", Encoding.UTF8.GetBytes(html), headers);
        }

        var detail = fault.StatusCode switch
        {
            429 => "Request was throttled. Expected available in " + ((long)Math.Ceiling((fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " seconds.",
            >= 500 => "A server error occurred.",
            _ => HttpReasonPhrases.For(fault.StatusCode) + ".",
        };
        return Json(fault.StatusCode, EmulatorJson.Detail(detail), headers);
    }

    private EmulatorResponse Handle(EmulatorRequest request)
    {
        if (!request.Path.StartsWith(CollectionPath, StringComparison.Ordinal))
        {
            return Json(404, EmulatorJson.Detail("Not found."));
        }

        var authorization = request.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return Unauthorized("Authentication credentials were not provided.");
        }

        if (!authorization!.StartsWith("Bearer ", StringComparison.Ordinal) || !string.Equals(authorization.Substring(7), _options.Token, StringComparison.Ordinal))
        {
            return Unauthorized("Invalid token.");
        }

        var rest = request.Path.Substring(CollectionPath.Length);
        if (rest.Length == 0)
        {
            return request.Method switch
            {
                "GET" => List(request),
                "POST" => Create(request),
                _ => MethodNotAllowed(request.Method),
            };
        }

        var segments = rest.TrimEnd('/').Split('/');
        if (!rest.EndsWith("/", StringComparison.Ordinal) || !long.TryParse(segments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Json(404, EmulatorJson.Detail("Not found."));
        }

        return segments switch
        {
            [_] => request.Method == "DELETE" ? Delete(id) : MethodNotAllowed(request.Method),
            [_, "restore"] => request.Method == "POST" ? Restore(id) : MethodNotAllowed(request.Method),
            _ => Json(404, EmulatorJson.Detail("Not found.")),
        };
    }

    private EmulatorResponse List(EmulatorRequest request)
    {
        var query = ParseQuery(request.Query);
        long? serverId = null;
        if (query.TryGetValue("server_id", out var rawServer))
        {
            if (!long.TryParse(rawServer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return Json(400, EmulatorJson.FieldErrors([new("server_id", "Enter a whole number.")]));
            }

            serverId = parsed;
        }

        var page = 1;
        if (query.TryGetValue("page", out var rawPage) && (!int.TryParse(rawPage, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return Json(404, EmulatorJson.Detail("Invalid page."));
        }

        var now = Now;
        var all = Ordered(_snapshots.Values.Where(s => serverId is null || s.ServerId == serverId)).ToList();
        var size = _options.PageSize;
        var pages = Math.Max(1, (all.Count + size - 1) / size);
        if (page > pages)
        {
            return Json(404, EmulatorJson.Detail("Invalid page."));
        }

        string? Link(int target)
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

            return new Uri(request.BaseAddress, CollectionPath).ToString() + (parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts));
        }

        var body = EmulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", all.Count);
            if (page < pages)
            {
                w.WriteString("next", Link(page + 1));
            }

            if (page > 1)
            {
                w.WriteString("previous", Link(page - 1));
            }

            w.WriteStartArray("results");
            foreach (var snapshot in all.Skip((page - 1) * size).Take(size))
            {
                WriteSnapshot(w, snapshot, now, null);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return Json(200, body);
    }

    private EmulatorResponse Create(EmulatorRequest request)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body is null || request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body);
        }
        catch (JsonException ex)
        {
            return Json(400, EmulatorJson.Detail("JSON parse error - " + ex.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Json(400, EmulatorJson.FieldErrors([new("non_field_errors", "Invalid data. Expected a dictionary, but got " + root.ValueKind + ".")]));
            }

            var errors = new List<KeyValuePair<string, string>>();
            long serverId = 0;
            if (!root.TryGetProperty("server_id", out var serverElement) || serverElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new("server_id", "This field is required."));
            }
            else if (serverElement.ValueKind != JsonValueKind.Number || !serverElement.TryGetInt64(out serverId))
            {
                errors.Add(new("server_id", "A valid integer is required."));
            }

            string? name = null;
            if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new("name", "This field is required."));
            }
            else if (nameElement.ValueKind != JsonValueKind.String || (name = nameElement.GetString()!).Length == 0)
            {
                errors.Add(new("name", "This field may not be blank."));
            }
            else if (!name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                errors.Add(new("name", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."));
            }

            string? description = null;
            if (root.TryGetProperty("description", out var descriptionElement))
            {
                if (descriptionElement.ValueKind == JsonValueKind.Null)
                {
                    errors.Add(new("description", "This field may not be null."));
                }
                else if (descriptionElement.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new("description", "Not a valid string."));
                }
                else
                {
                    description = descriptionElement.GetString();
                }
            }

            if (errors.Count > 0)
            {
                return Json(400, EmulatorJson.FieldErrors(errors));
            }

            if (!_servers.TryGetValue(serverId, out var server))
            {
                return Json(404, EmulatorJson.Detail("Server not found."));
            }

            if (_snapshots.Values.Count(s => s.ServerId == serverId) >= _options.MaxSnapshotsPerServer)
            {
                return Json(400, EmulatorJson.FieldErrors([new("non_field_errors", $"Snapshot limit reached: a server can have at most {_options.MaxSnapshotsPerServer} snapshots. Delete an old snapshot first.")]));
            }

            var now = Now;
            var created = AddSnapshotCore(_nextId++, server.Id, name!, description, Truncate(now), null, null);
            var body = EmulatorJson.Write(w => WriteSnapshot(w, created, now, "Snapshot is being created. This may take 3-10 minutes depending on server size."));
            return Json(201, body);
        }
    }

    private EmulatorResponse Restore(long id)
    {
        if (!_snapshots.TryGetValue(id, out var snapshot))
        {
            return Json(404, EmulatorJson.Detail("Not found."));
        }

        var now = Now;
        var server = _servers[snapshot.ServerId];
        if (server.StatusAt(now) != "running")
        {
            return Json(400, EmulatorJson.Detail("Server is not in a valid state for restoration."));
        }

        var status = snapshot.StatusAt(now, _options.CompletionDelay);
        if (status != "completed")
        {
            return Json(400, EmulatorJson.Detail($"Snapshot is not ready for restoration (status: {status})."));
        }

        server.RestoringUntil = now + _options.RestoreDelay;
        var body = EmulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "success");
            w.WriteString("message", "Server is being restored from snapshot. This may take 5-15 minutes.");
            w.WriteStartObject("snapshot");
            w.WriteNumber("id", snapshot.Id);
            w.WriteString("name", snapshot.Name);
            w.WriteString("created_at", EmulatorJson.Timestamp(snapshot.CreatedAt));
            w.WriteEndObject();
            w.WriteStartObject("server");
            w.WriteNumber("id", server.Id);
            w.WriteString("name", server.Name);
            w.WriteString("status", "restoring");
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return Json(200, body);
    }

    private EmulatorResponse Delete(long id) =>
        _snapshots.Remove(id) ? new EmulatorResponse(204, null, ReadOnlyMemory<byte>.Empty, []) : Json(404, EmulatorJson.Detail("Not found."));

    private static EmulatorResponse Unauthorized(string detail) =>
        Json(401, EmulatorJson.Detail(detail), [new("WWW-Authenticate", "Bearer realm=\"api\"")]);

    private static EmulatorResponse MethodNotAllowed(string method) =>
        Json(405, EmulatorJson.Detail($"Method \"{method}\" not allowed."));

    private static EmulatorResponse Json(int status, byte[] body, List<KeyValuePair<string, string>>? headers = null) =>
        new(status, "application/json", body, headers ?? []);

    private void WriteSnapshot(Utf8JsonWriter w, SnapshotState s, DateTimeOffset now, string? message)
    {
        var status = s.StatusAt(now, _options.CompletionDelay);
        var server = _servers.TryGetValue(s.ServerId, out var found) ? found.Name : string.Empty;
        EmulatorJson.Snapshot(w, s.Id, s.ServerId, server, s.Name, status, status == "completed" ? s.SizeMb : null, s.CreatedAt, s.Description, message);
    }

    private Snapshot ToModel(SnapshotState s, DateTimeOffset now)
    {
        var status = s.StatusAt(now, _options.CompletionDelay);
        return new Snapshot
        {
            Id = s.Id,
            Server = new ServerReference { Id = s.ServerId, Name = _servers.TryGetValue(s.ServerId, out var server) ? server.Name : null },
            Name = s.Name,
            Status = new SnapshotStatus(status),
            SizeMb = status == "completed" ? s.SizeMb : null,
            CreatedAt = s.CreatedAt,
            Description = s.Description,
        };
    }

    private SnapshotState AddSnapshotCore(long id, long serverId, string name, string? description, DateTimeOffset createdAt, long? sizeMb, string? forcedStatus)
    {
        var state = new SnapshotState(id, serverId, name, description, createdAt, sizeMb ?? (2048 + (id % 7 * 512)), forcedStatus);
        _snapshots[id] = state;
        _nextId = Math.Max(_nextId, id + 1);
        return state;
    }

    private SnapshotState Find(long id) =>
        _snapshots.TryGetValue(id, out var state) ? state : throw new ArgumentException($"Snapshot {id} does not exist in the emulator.", nameof(id));

    private static IEnumerable<SnapshotState> Ordered(IEnumerable<SnapshotState> snapshots) =>
        snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split(['&'], StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(cut < 0 ? pair : pair.Substring(0, cut));
            result[key] = cut < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(cut + 1));
        }

        return result;
    }

    private sealed class ServerState(long id, string name)
    {
        public long Id { get; } = id;

        public string Name { get; } = name;

        public DateTimeOffset RestoringUntil { get; set; } = DateTimeOffset.MinValue;

        public string StatusAt(DateTimeOffset now) => now < RestoringUntil ? "restoring" : "running";
    }

    private sealed class SnapshotState(long id, long serverId, string name, string? description, DateTimeOffset createdAt, long sizeMb, string? forcedStatus)
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

    private sealed class FaultRule(EmulatorFault fault, int times, string? method, string? pathContains)
    {
        public EmulatorFault Fault { get; } = fault;

        public int Remaining { get; set; } = times;

        public string? Method { get; } = method;

        public string? PathContains { get; } = pathContains;
    }
}
