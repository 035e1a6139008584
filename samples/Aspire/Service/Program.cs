using VpsOrg.Snapshots;

// A service using the VPS.org Snapshots client the app host gives it: AddVpsSnapshotsClient("vps") reads the
// connection string (Endpoint=...;Token=...), and registers ISnapshotsClient, a health check, traces and metrics.
var builder = WebApplication.CreateBuilder(args);
builder.AddVpsSnapshotsClient("vps");

var app = builder.Build();

app.MapGet("/snapshots", async (ISnapshotsClient snapshots, long? serverId, CancellationToken cancellationToken) =>
    (await snapshots.ListAsync(serverId, cancellationToken)).Results);

app.MapPost("/snapshots/{serverId:long}", async (ISnapshotsClient snapshots, long serverId, CancellationToken cancellationToken) =>
    await snapshots.CreateAsync(new CreateSnapshotRequest(serverId, SnapshotRules.StampedName("sample-", TimeProvider.System.GetUtcNow())), cancellationToken));

app.MapHealthChecks("/health");

app.Run();
