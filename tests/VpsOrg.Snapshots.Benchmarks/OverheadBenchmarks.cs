using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// Where SnapshotsClient's cost over a raw call goes: the same two-snapshot list with one layer added at a time
/// (the pipeline over the caller's HttpClient, then over a handler, then retries, then the attempt timeout, then logging).
/// </summary>
[MemoryDiagnoser]
public class OverheadBenchmarks
{
    private readonly List<IDisposable> _owned = [];
    private Clients _clients = null!;
    private SnapshotsClient _core = null!;
    private SnapshotsClient _handlers = null!;
    private SnapshotsClient _retry = null!;
    private SnapshotsClient _retryAndTimeout = null!;
    private SnapshotsClient _logged = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new InMemoryHandler(Payloads.SeedList, Payloads.Created);
        _clients = new Clients(handler);
        var loggers = LoggerFactory.Create(b => b.AddProvider(new DiscardingLoggerProvider()).SetMinimumLevel(LogLevel.Information));
        _owned.Add(loggers);

        _core = Own(new SnapshotsClient(new HttpClient(handler, disposeHandler: false), Options(retries: 0, attemptTimeout: false)));
        _handlers = Own(new SnapshotsClient(Options(retries: 0, attemptTimeout: false), handler, null, null));
        _retry = Own(new SnapshotsClient(Options(retries: 3, attemptTimeout: false), handler, null, null));
        _retryAndTimeout = Own(new SnapshotsClient(Options(retries: 3, attemptTimeout: true), handler, null, null));
        _logged = Own(new SnapshotsClient(Options(retries: 3, attemptTimeout: true), handler, loggers.CreateLogger<SnapshotsClient>(), null));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clients.Dispose();
        _owned.ForEach(o => o.Dispose());
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Raw() => (await _clients.RawListAsync()).Results.Count;

    [Benchmark(Description = "SDK over a caller's HttpClient, no retries, no attempt timeout")]
    public async Task<int> Core() => (await _core.ListAsync()).Count;

    [Benchmark(Description = "SDK over a handler, no retries, no attempt timeout")]
    public async Task<int> Handlers() => (await _handlers.ListAsync()).Count;

    [Benchmark(Description = "+ retries")]
    public async Task<int> Retry() => (await _retry.ListAsync()).Count;

    [Benchmark(Description = "+ attempt timeout (a timer per attempt)")]
    public async Task<int> RetryAndTimeout() => (await _retryAndTimeout.ListAsync()).Count;

    [Benchmark(Description = "+ logging at Information")]
    public async Task<int> Logged() => (await _logged.ListAsync()).Count;

    [Benchmark(Description = "as AddVpsSnapshots builds it")]
    public async Task<int> Di() => (await _clients.Sdk.ListAsync()).Count;

    private static VpsSnapshotsOptions Options(int retries, bool attemptTimeout)
    {
        var options = new VpsSnapshotsOptions { ApiToken = Payloads.Token };
        options.Retry.MaxRetries = retries;
        if (!attemptTimeout)
        {
            options.Retry.AttemptTimeout = Timeout.InfiniteTimeSpan;
        }

        return options;
    }

    private SnapshotsClient Own(SnapshotsClient client)
    {
        _owned.Add(client);
        return client;
    }
}
