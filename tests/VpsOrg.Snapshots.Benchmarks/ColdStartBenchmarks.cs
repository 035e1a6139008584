using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// Time to the first completed list in a fresh process: every launch is a new process and the one measured
/// invocation builds the client and makes its first call, JIT and type loading included.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 10, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
[MemoryDiagnoser]
public class ColdStartBenchmarks
{
    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient()
    {
        using var clients = new Clients(new InMemoryHandler(Payloads.SeedList, Payloads.Created));
        return (await clients.RawListAsync()).Results.Count;
    }

    [Benchmark]
    public async Task<int> SnapshotsClient()
    {
        using var clients = new Clients(new InMemoryHandler(Payloads.SeedList, Payloads.Created));
        return (await clients.Sdk.ListAsync()).Results.Count;
    }
}
