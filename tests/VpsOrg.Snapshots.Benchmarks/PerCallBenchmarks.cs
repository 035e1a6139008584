using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// The per-call cost of the SDK beside a raw HttpClient call, with the client resolved once and resolved per call
/// (ASP.NET Core resolves a transient typed client per request): list of 2 and create.
/// </summary>
[MemoryDiagnoser]
public class PerCallBenchmarks
{
    private static readonly CreateSnapshotRequest Body = new(12345, "before-update-snapshot", "Snapshot before system update");
    private Clients _clients = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new InMemoryHandler(Payloads.List(2), Payloads.Created);
        _clients = new Clients(handler);
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddProvider(new DiscardingLoggerProvider()).SetMinimumLevel(LogLevel.Information));
        services.AddVpsSnapshots(o => o.ApiToken = Payloads.Token).ConfigurePrimaryHttpMessageHandler(() => handler);
        _services = services.BuildServiceProvider();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clients.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> List_Raw() => (await _clients.RawListAsync()).Results.Count;

    [Benchmark]
    public async Task<int> List_ResolvedOnce() => (await _clients.Sdk.ListAsync()).Results.Count;

    [Benchmark]
    public async Task<int> List_ResolvedPerCall() => (await _services.GetRequiredService<ISnapshotsClient>().ListAsync()).Results.Count;

    [Benchmark]
    public async Task<long> Create_Raw() => (await _clients.RawCreateAsync(Body)).Id;

    [Benchmark]
    public async Task<long> Create_ResolvedOnce() => (await _clients.Sdk.CreateAsync(Body)).Id;
}
