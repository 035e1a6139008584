using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- --filter '*'
// Reports (markdown, CSV, HTML) land in BenchmarkDotNet.Artifacts/results/.
// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- fleet   (the fleet scenario as it grows; not BenchmarkDotNet)
if (args is ["fleet", ..])
{
    return await VpsOrg.Snapshots.Benchmarks.FleetScale.RunAsync(args[1..]);
}

// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- loopback [callers] [calls] [rounds]
// (many callers over real loopback HTTP against the Kestrel emulator; BenchmarkDotNet cannot drive concurrency)
if (args is ["loopback", ..])
{
    return await VpsOrg.Snapshots.Benchmarks.LoopbackLoad.RunAsync(args[1..]);
}

// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- throttled [runs]
// (SPEC section 7's many-at-once targets on a real clock over loopback: many callers, and the real vps-snapshots rotating fleets)
if (args is ["throttled", ..])
{
    return await VpsOrg.Snapshots.Benchmarks.ThrottledRuns.RunAsync(args[1..]);
}

// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- allocations [contender] [calls] [callers]
// (which types one loopback contender allocates, per call, from the runtime's allocation sampling)
if (args is ["allocations", ..])
{
    return await VpsOrg.Snapshots.Benchmarks.AllocationSampler.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(VpsOrg.Snapshots.Benchmarks.ListBenchmarks).Assembly).Run(args);
return 0;
