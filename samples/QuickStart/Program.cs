using System.Diagnostics;
using System.Globalization;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

// QuickStart: the "snapshot, change, roll back if needed" flow of VpsOrg.Snapshots.
//   dotnet run --project samples/QuickStart                      -> against the built-in emulator (no token needed)
//   VPS_API_TOKEN=... dotnet run --project samples/QuickStart    -> lists your real snapshots, changes nothing
//   VPS_API_TOKEN=... dotnet run --project samples/QuickStart -- --lifecycle --server-id 12345
//                                                                -> the whole lifecycle on your real server
var token = Environment.GetEnvironmentVariable("VPS_API_TOKEN");
var lifecycle = args.Contains("--lifecycle");
long? serverId = null;
var serverArg = Array.IndexOf(args, "--server-id");
if (serverArg >= 0 && serverArg + 1 < args.Length)
{
    serverId = long.Parse(args[serverArg + 1], CultureInfo.InvariantCulture);
}

var clock = Stopwatch.StartNew();
void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {text}");

EmulatorHost? emulator = null;
VpsSnapshotsOptions options;
var pollEvery = TimeSpan.FromSeconds(5);
if (string.IsNullOrEmpty(token))
{
    emulator = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions
    {
        CompletionDelay = TimeSpan.FromSeconds(2),
        RestoreDelay = TimeSpan.FromSeconds(3),
    }));
    Step($"No VPS_API_TOKEN set: started the built-in emulator on {emulator.BaseAddress}");
    options = new VpsSnapshotsOptions { BaseAddress = emulator.BaseAddress, ApiToken = emulator.Emulator.Token };
    lifecycle = true;
    serverId ??= 12345;
    pollEvery = TimeSpan.FromSeconds(1);
}
else
{
    options = new VpsSnapshotsOptions { ApiToken = token };
    if (Environment.GetEnvironmentVariable("VPS_API_BASE_ADDRESS") is { Length: > 0 } address)
    {
        options.BaseAddress = new Uri(address);
    }

    Step($"Using the VPS.org API at {options.BaseAddress}");
}

try
{
    using var client = new SnapshotsClient(options);

    Step(serverId is null ? "Listing all snapshots" : $"Listing snapshots of server {serverId}");
    Print(await client.ListAsync(serverId));

    if (!lifecycle)
    {
        Step("Read-only run: nothing was changed. Pass --lifecycle --server-id N to run the whole lifecycle on a server.");
        return 0;
    }

    if (serverId is not { } server)
    {
        Console.Error.WriteLine("--lifecycle needs --server-id N.");
        return 2;
    }

    var wait = new SnapshotWaitOptions { PollInterval = pollEvery, MaxPollInterval = TimeSpan.FromSeconds(30) };
    // Reported on the caller's thread, in order: Progress<T> would post each report and print it after the next step.
    var progress = new SyncProgress(s => Step($"  ... snapshot {s.Id} is {s.Status}"));

    var name = $"before-upgrade-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
    Step($"1. Snapshot server {server} before the risky change ('{name}'), and wait until it is completed");
    var before = await client.CreateAndWaitAsync(new CreateSnapshotRequest(server, name, "QuickStart: before the upgrade"), wait, progress);
    Step($"   completed: snapshot {before.Id}, {before.SizeMb} MB, taken {before.CreatedAt:u}");

    Step("2. Apply the risky change ... (simulated) it went wrong, roll back");

    Step($"3. Restore snapshot {before.Id}, taking a safety snapshot of the current state first");
    var restored = await client.SafeRestoreAsync(before.Id, new RestoreOptions { SafetySnapshot = true, Wait = wait });
    Step($"   {restored.Restore.Status}: {restored.Restore.Message}");
    Step($"   server {restored.Restore.Server.Id} ({restored.Restore.Server.Name}) is {restored.Restore.Server.Status}");
    Step($"   to undo the restore, restore safety snapshot {restored.SafetySnapshot!.Id} '{restored.SafetySnapshot.Name}'");

    Step("4. Clean up: delete the snapshots this run created");
    foreach (var id in new[] { restored.SafetySnapshot.Id, before.Id })
    {
        await client.DeleteAsync(id);
        Step($"   deleted snapshot {id}");
    }

    Step($"Snapshots of server {server} now");
    Print(await client.ListAsync(server));
    Step("Done.");
    return 0;
}
catch (VpsApiException ex)
{
    Console.Error.WriteLine($"{ex.GetType().Name}: {ex.Message}");
    return 1;
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

static void Print(SnapshotList list)
{
    Console.WriteLine($"        {list.Count} snapshot(s)");
    foreach (var s in list.Results)
    {
        Console.WriteLine($"        {s.Id,6}  {s.Name,-32} {s.Status,-12} {(s.SizeMb is { } mb ? $"{mb} MB" : "-"),9}  {s.CreatedAt:u}  server {s.Server.Id} ({s.Server.Name})");
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously, so its lines come before whatever follows.</summary>
internal sealed class SyncProgress(Action<Snapshot> report) : IProgress<Snapshot>
{
    public void Report(Snapshot value) => report(value);
}
