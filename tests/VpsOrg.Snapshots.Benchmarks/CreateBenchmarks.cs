using BenchmarkDotNet.Attributes;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>One create call (POST with the seed's body), decoded, per contender.</summary>
[MemoryDiagnoser]
public class CreateBenchmarks
{
    private static readonly CreateSnapshotRequest Body = new(12345, "before-update-snapshot", "Snapshot before system update");
    private Clients _clients = null!;

    [GlobalSetup]
    public void Setup() => _clients = new Clients(new InMemoryHandler(Payloads.SeedList, Payloads.Created));

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<long> RawHttpClient() => (await _clients.RawCreateAsync(Body)).Id;

    [Benchmark]
    public async Task<long> SnapshotsClient() => (await _clients.Sdk.CreateAsync(Body)).Id;

    [Benchmark]
    public async Task<long> Refit() => (await _clients.Refit.CreateAsync(Payloads.Token, Body)).Id;

    [Benchmark]
    public async Task<long> RestSharp() => (await _clients.RestSharpCreateAsync(Body)).Id;

    [Benchmark]
    public async Task<long> Flurl() => (await _clients.FlurlCreateAsync(Body)).Id;
}
