using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Loopback;

/// <summary>
/// SPEC section 3: every client has the SDK's pipeline however it was built. Over 127.0.0.1, a client over the
/// caller's own <see cref="HttpClient"/> retries and holds exactly as the client that owns its transport, the one
/// over a caller's handler, and the one from <c>AddVpsSnapshots</c>.
/// </summary>
public sealed class OneSendPathTests
{
    private const string EmptyList = """{"count": 0, "results": []}""";

    public static TheoryData<string> Constructions() => ["owned", "handler", "httpclient", "di"];

    [Theory]
    [MemberData(nameof(Constructions))]
    public async Task ListAsync_503Then200_IsRetried_WithTheToken(string construction)
    {
        var answers = 0;
        await using var api = new LoopbackServer(_ => Interlocked.Increment(ref answers) == 1
            ? LoopbackAction.Json(503, """{"detail": "Service temporarily unavailable."}""")
            : LoopbackAction.Json(200, EmptyList));
        using var owner = new Owner(construction, api.BaseAddress);

        var list = await owner.Client.ListAsync();

        Assert.Equal(0, list.Count);
        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, r => Assert.Equal("GET /api/v1/snapshots/", r.Method + " " + r.Target));
        Assert.All(api.Requests, r => Assert.Equal("Bearer " + TestClients.Token, r.Authorization));
    }

    [Theory]
    [MemberData(nameof(Constructions))]
    public async Task A429_HoldsEveryCallOfTheClient_UntilRetryAfter(string construction)
    {
        var clock = Stopwatch.StartNew();
        var arrivals = new List<(string Target, TimeSpan At)>();
        await using var api = new LoopbackServer(request =>
        {
            lock (arrivals)
            {
                arrivals.Add((request.Target, clock.Elapsed));
                if (arrivals.Count == 1)
                {
                    return LoopbackAction.Json(429, """{"detail": "Request was throttled. Expected available in 1 second."}""", "Retry-After: 1\r\n");
                }
            }

            return LoopbackAction.Json(200, EmptyList);
        });
        using var owner = new Owner(construction, api.BaseAddress);

        var first = owner.Client.ListAsync();

        // The client logs the hold once it has taken the 429 in: a call made from then on is held too.
        await owner.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var throttledAt = arrivals[0].At;
        var second = owner.Client.ListAsync(12345);
        await Task.WhenAll(first, second);

        // The retry of the first call and the second call (sent after the 429) both wait out the second it gave.
        Assert.Equal(3, arrivals.Count);
        Assert.All(arrivals.Skip(1), a => Assert.True(a.At - throttledAt >= TimeSpan.FromSeconds(0.95), $"{a.Target} sent {(a.At - throttledAt).TotalMilliseconds:0} ms after the 429"));
        Assert.Contains(arrivals.Skip(1), a => a.Target == "/api/v1/snapshots/?server_id=12345");
    }

    /// <summary>One client built one of the four ways, over the loopback server, with retries milliseconds apart.</summary>
    private sealed class Owner : IDisposable
    {
        private readonly List<IDisposable> _owned = [];

        public Owner(string construction, Uri baseAddress)
        {
            void Configure(VpsSnapshotsOptions o)
            {
                o.BaseAddress = baseAddress;
                o.ApiToken = TestClients.Token;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
            }

            var options = new VpsSnapshotsOptions();
            Configure(options);
            var logger = new HoldSignal(Held);
            switch (construction)
            {
                case "owned":
                    Client = Own(new SnapshotsClient(options, logger, null));
                    break;
                case "handler":
                    Client = Own(new SnapshotsClient(options, Own(new SocketsHttpHandler()), logger, null));
                    break;
                case "httpclient":
                    Client = Own(new SnapshotsClient(Own(new HttpClient()), options, logger, null));
                    break;
                default:
                    var services = new ServiceCollection();
                    services.AddLogging(b => b.AddProvider(logger));
                    services.AddVpsSnapshots(Configure);
                    var provider = Own(services.BuildServiceProvider());
                    Client = provider.GetRequiredService<ISnapshotsClient>();
                    break;
            }
        }

        public ISnapshotsClient Client { get; }

        /// <summary>Completed when the client logs that the API throttled it (event 8, ThrottleHold).</summary>
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => _owned.ForEach(o => o.Dispose());

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            _owned.Insert(0, disposable);
            return disposable;
        }
    }

    private sealed class HoldSignal(TaskCompletionSource held) : ILogger<SnapshotsClient>, ILoggerProvider
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "ThrottleHold")
            {
                held.TrySetResult();
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }
    }
}
