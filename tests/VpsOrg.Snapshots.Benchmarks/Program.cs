using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- --filter '*'
// Reports (markdown, CSV, HTML) land in BenchmarkDotNet.Artifacts/results/.
// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- fleet   (the fleet scenario as it grows; not BenchmarkDotNet)
if (args is ["fleet", ..])
{
    return await VpsOrg.Snapshots.Benchmarks.FleetScale.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(VpsOrg.Snapshots.Benchmarks.ListBenchmarks).Assembly).Run(args);
return 0;
