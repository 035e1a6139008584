using BenchmarkDotNet.Attributes;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>One list call, decoded, per contender: the seed's two snapshots and a 500-snapshot page.</summary>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private Clients _clients = null!;

    [Params(2, 500)]
    public int Snapshots { get; set; }

    [GlobalSetup]
    public void Setup() => _clients = new Clients(new InMemoryHandler(Payloads.List(Snapshots), Payloads.Created));

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient() => (await _clients.RawListAsync()).Results.Count;

    [Benchmark]
    public async Task<int> SnapshotsClient() => (await _clients.Sdk.ListAsync()).Results.Count;

    [Benchmark]
    public async Task<int> Refit() => (await _clients.Refit.ListAsync(Payloads.Token)).Results.Count;

    [Benchmark]
    public async Task<int> RestSharp() => (await _clients.RestSharpListAsync()).Results.Count;

    [Benchmark]
    public async Task<int> Flurl() => (await _clients.FlurlListAsync()).Results.Count;
}
