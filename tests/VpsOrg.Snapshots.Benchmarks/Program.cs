using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/VpsOrg.Snapshots.Benchmarks -- --filter '*'
// Reports (markdown, CSV, HTML) land in BenchmarkDotNet.Artifacts/results/.
BenchmarkSwitcher.FromAssembly(typeof(VpsOrg.Snapshots.Benchmarks.ListBenchmarks).Assembly).Run(args);
