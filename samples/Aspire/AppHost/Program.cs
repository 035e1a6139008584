// The VPS.org Snapshots API in an app host: in a local run its emulator runs in its place (on loopback, a generated
// token, healthy before the service starts); published, the service gets the real API's address and the token parameter.
var builder = DistributedApplication.CreateBuilder(args);

var vps = builder.AddVpsSnapshots("vps")
    .RunAsEmulator(emulator => emulator.WithCompletionDelay(TimeSpan.FromSeconds(5)));

builder.AddProject<Projects.VpsSnapshots_Sample_Service>("service")
    .WithReference(vps)
    .WaitFor(vps)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
